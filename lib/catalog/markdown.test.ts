import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";
import { MAX_MARKDOWN_NESTING, markdownNesting } from "./markdown-nesting";

// A small XSS corpus: each must render without an executable construct.
const XSS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](&#106;avascript:alert(1))",
  '<a href="javascript:alert(1)">x</a>',
  "<svg onload=alert(1)>",
  '<iframe src="https://evil.example"></iframe>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  "![x](javascript:alert(1))",
  "<details open ontoggle=alert(1)>",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '<a href="//evil.example">protocol relative</a>',
];

describe("renderMarkdown", () => {
  it("renders headings, lists, tables and code", () => {
    const html = renderMarkdown(
      "# Orders\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```sql\nselect 1\n```",
    );
    // One level down: the page owns the only <h1>.
    expect(html).toContain("<h2>Orders</h2>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<td>1</td>");
    expect(html).toContain('<code class="language-sql">');
  });

  it("keeps safe links and hardens them", () => {
    const html = renderMarkdown("[docs](https://meshport.dev/docs)");
    expect(html).toContain('href="https://meshport.dev/docs"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it.each(XSS)("neutralizes %s", (input) => {
    const html = renderMarkdown(input).toLowerCase();
    expect(html).not.toMatch(/<script|<iframe|<svg|<img|<details|onerror|onload|ontoggle|style=/);
    expect(html).not.toMatch(/href="\s*(javascript|data|vbscript):/);
    expect(html).not.toContain('href="//');
  });
});

describe("hostile nesting", () => {
  it("counts block quote and list nesting, and refuses nothing a person writes", () => {
    expect(markdownNesting("# Title\n\n> quote\n>> nested\n\n- a\n  - b\n    - c")).toBeLessThan(8);
    expect(markdownNesting(">".repeat(5000))).toBeGreaterThan(MAX_MARKDOWN_NESTING);
    expect(markdownNesting(`${"- ".repeat(200)}x`)).toBeGreaterThan(MAX_MARKDOWN_NESTING);
  });

  it.each([
    ">".repeat(5000),
    "> ".repeat(5000),
    `${"- ".repeat(3000)}x`,
    `${"  ".repeat(3000)}- x`,
    "[".repeat(50_000),
    "*".repeat(50_000),
  ])("renders stored hostile text without throwing (%#)", (text) => {
    const html = renderMarkdown(text);
    expect(typeof html).toBe("string");
    expect(html).not.toContain("<script");
  });
});

it("does not count indentation inside fenced code", () => {
  expect(markdownNesting(`\`\`\`json\n${" ".repeat(200)}{"deep": true}\n\`\`\`\n`)).toBe(0);
  expect(
    markdownNesting(Array.from({ length: 100 }, (_, i) => `${"  ".repeat(i)}- level ${i}`).join("\n")),
  ).toBeGreaterThan(MAX_MARKDOWN_NESTING);
});
