import { Fragment, type ReactNode } from "react";
import { parseMarkdown, type Block, type Inline } from "./parse";

function inline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case "text":
        return <Fragment key={i}>{node.text}</Fragment>;
      case "code":
        return <code key={i}>{node.text}</code>;
      case "strong":
        return <strong key={i}>{inline(node.children)}</strong>;
      case "em":
        return <em key={i}>{inline(node.children)}</em>;
      case "link":
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {inline(node.children)}
          </a>
        );
    }
  });
}

function block(node: Block, i: number): ReactNode {
  switch (node.kind) {
    case "heading": {
      const Tag = (["h3", "h3", "h4", "h5"] as const)[node.level - 1] ?? "h5";
      return <Tag key={i}>{inline(node.children)}</Tag>;
    }
    case "paragraph":
      return <p key={i}>{inline(node.children)}</p>;
    case "code":
      return (
        <pre key={i} data-lang={node.lang || undefined}>
          <code>{node.text}</code>
        </pre>
      );
    case "list": {
      const items = node.items.map((item, j) => <li key={j}>{inline(item)}</li>);
      return node.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
    }
    case "quote":
      return <blockquote key={i}>{inline(node.children)}</blockquote>;
    case "rule":
      return <hr key={i} />;
  }
}

/** Markdown rendered as React elements only (see parse.ts): safe for untrusted text. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  return <div className={className ?? "markdown"}>{parseMarkdown(source).map(block)}</div>;
}
