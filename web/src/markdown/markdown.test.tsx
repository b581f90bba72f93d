import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./Markdown";
import { parseInline, parseMarkdown, safeHref } from "./parse";

const html = (source: string) => renderToStaticMarkup(<Markdown source={source} />);

describe("markdown", () => {
  it("renders the common subset", () => {
    const out = html("# Two Sum\n\nGiven `nums`, return **indices**.\n\n- one\n- two\n\n```python\nprint(1)\n```");
    expect(out).toContain("<h3>Two Sum</h3>");
    expect(out).toContain("<code>nums</code>");
    expect(out).toContain("<strong>indices</strong>");
    expect(out).toContain("<ul><li>one</li><li>two</li></ul>");
    expect(out).toContain('<pre data-lang="python"><code>print(1)</code></pre>');
  });

  it("shows raw HTML as text, never as markup", () => {
    const out = html('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">');
    expect(out).not.toContain("<script>");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;");
  });

  it("escapes HTML inside code and links", () => {
    expect(html("`<b>x</b>`")).toContain("<code>&lt;b&gt;x&lt;/b&gt;</code>");
    expect(html("```\n</code></pre><script>x</script>\n```")).not.toContain("<script>");
  });

  it("drops dangerous link schemes", () => {
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref(" JAVASCRIPT:alert(1)")).toBeNull();
    expect(safeHref("data:text/html,<b>")).toBeNull();
    expect(safeHref("https://example.com")).toBe("https://example.com");
    const out = html("[click](javascript:alert(1)) and [docs](https://example.com/a)");
    expect(out).not.toContain('href="javascript');
    expect(out).toContain('<a href="https://example.com/a" target="_blank" rel="noopener noreferrer nofollow">docs</a>');
  });

  it("parses nested emphasis and ordered lists", () => {
    expect(parseInline("**bold _and em_**")).toEqual([
      { kind: "strong", children: [{ kind: "text", text: "bold " }, { kind: "em", children: [{ kind: "text", text: "and em" }] }] },
    ]);
    expect(parseMarkdown("1. a\n2. b")).toEqual([
      { kind: "list", ordered: true, items: [[{ kind: "text", text: "a" }], [{ kind: "text", text: "b" }]] },
    ]);
    expect(parseMarkdown("---")).toEqual([{ kind: "rule" }]);
  });
});
