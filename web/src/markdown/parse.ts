/** A deliberately small Markdown subset parsed into a tree of plain data. The renderer turns
 * the tree into React elements, so text is always text: there is no HTML string anywhere and
 * nothing to sanitise. Raw HTML in the source shows up literally. */

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "link"; href: string; children: Inline[] };

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { kind: "paragraph"; children: Inline[] }
  | { kind: "code"; lang: string; text: string }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "quote"; children: Inline[] }
  | { kind: "rule" };

const SAFE_SCHEMES = /^(https?:|mailto:)/i;

/** Only absolute http(s) and mailto links survive; `javascript:` and friends become text. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  return SAFE_SCHEMES.test(trimmed) ? trimmed : null;
}

const INLINE = /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([^*]+?)\*\*|__([^_]+?)__|\*([^*\s][^*]*?)\*|_([^_\s][^_]*?)_|\[([^\]]+)\]\(([^)\s]+)\)/;

export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let rest = source;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      out.push({ kind: "text", text: rest });
      break;
    }
    if (match.index > 0) out.push({ kind: "text", text: rest.slice(0, match.index) });
    const [whole, , code, strong1, strong2, em1, em2, label, href] = match;
    if (code !== undefined) out.push({ kind: "code", text: code });
    else if (strong1 !== undefined || strong2 !== undefined)
      out.push({ kind: "strong", children: parseInline(strong1 ?? strong2 ?? "") });
    else if (em1 !== undefined || em2 !== undefined) out.push({ kind: "em", children: parseInline(em1 ?? em2 ?? "") });
    else if (label !== undefined && href !== undefined) {
      const safe = safeHref(href);
      out.push(safe ? { kind: "link", href: safe, children: parseInline(label) } : { kind: "text", text: whole });
    }
    rest = rest.slice(match.index + whole.length);
  }
  return mergeText(out);
}

function mergeText(nodes: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const node of nodes) {
    const last = merged[merged.length - 1];
    if (node.kind === "text" && last?.kind === "text") last.text += node.text;
    else merged.push(node);
  }
  return merged;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```+|~~~+)\s*([\w+-]*)\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s*>\s?(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  const line = (n: number) => lines[n] ?? "";
  while (i < lines.length) {
    const current = line(i);
    if (!current.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(current);
    if (fence) {
      const marker = fence[1] ?? "```";
      const body: string[] = [];
      i++;
      while (i < lines.length && !line(i).trim().startsWith(marker)) body.push(line(i++));
      i++; // the closing fence (or the end of the text)
      blocks.push({ kind: "code", lang: fence[2] ?? "", text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(current);
    if (heading) {
      const level = Math.min(4, (heading[1] ?? "#").length) as 1 | 2 | 3 | 4;
      blocks.push({ kind: "heading", level, children: parseInline(heading[2] ?? "") });
      i++;
      continue;
    }
    if (RULE.test(current)) {
      blocks.push({ kind: "rule" });
      i++;
      continue;
    }
    const listKind = BULLET.test(current) ? BULLET : NUMBERED.test(current) ? NUMBERED : null;
    if (listKind) {
      const items: Inline[][] = [];
      while (i < lines.length && listKind.test(line(i))) {
        items.push(parseInline(listKind.exec(line(i))?.[1] ?? ""));
        i++;
      }
      blocks.push({ kind: "list", ordered: listKind === NUMBERED, items });
      continue;
    }
    if (QUOTE.test(current)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(line(i))) body.push(QUOTE.exec(line(i))?.[1] ?? "");
      blocks.push({ kind: "quote", children: parseInline(body.join(" ")) });
      continue;
    }
    const body: string[] = [];
    while (
      i < lines.length &&
      line(i).trim() &&
      !FENCE.test(line(i)) &&
      !HEADING.test(line(i)) &&
      !BULLET.test(line(i)) &&
      !NUMBERED.test(line(i)) &&
      !QUOTE.test(line(i))
    ) {
      body.push(line(i).trim());
      i++;
    }
    blocks.push({ kind: "paragraph", children: parseInline(body.join(" ")) });
  }
  return blocks;
}
