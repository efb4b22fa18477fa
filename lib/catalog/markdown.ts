/**
 * Product docs: markdown → sanitized HTML. Raw HTML in the source is escaped or stripped and
 * only http(s)/mailto links survive, so docs can never run script in a reader's browser.
 */
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { MAX_MARKDOWN_NESTING, markdownNesting } from "./markdown-nesting";

const marked = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "blockquote",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "input",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    code: ["class"],
    th: ["align"],
    td: ["align"],
    input: ["type", "checked", "disabled"],
  },
  allowedClasses: { code: [/^language-[a-z0-9-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Docs sit under the page's own <h1>: their headings move one level down (one h1 per page).
  transformTags: {
    h1: "h2",
    h2: "h3",
    h3: "h4",
    h4: "h5",
    h5: "h6",
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: "noopener noreferrer nofollow", target: "_blank" },
    }),
    // GFM task lists only: any other input element is dropped by the filter below.
    input: (tagName, attribs) => ({
      tagName,
      attribs: attribs.type === "checkbox" ? { ...attribs, disabled: "" } : {},
    }),
  },
  exclusiveFilter: (frame) => frame.tag === "input" && frame.attribs.type !== "checkbox",
};

/**
 * Sanitized HTML of the docs. Never throws: text that the parser cannot handle (stored before
 * input was bounded) is shown as escaped plain text, so no stored value can break a page.
 */
export function renderMarkdown(markdown: string): string {
  let html: string;
  try {
    if (markdownNesting(markdown) > MAX_MARKDOWN_NESTING) throw new RangeError("nested too deeply");
    html = marked.parse(markdown) as string;
  } catch {
    return `<pre>${sanitizeHtml(markdown.slice(0, 100_000), { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: "escape" })}</pre>`;
  }
  return sanitizeHtml(html, SANITIZE);
}
