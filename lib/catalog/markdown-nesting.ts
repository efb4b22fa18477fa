/** How deeply markdown nests block containers — checked before the (recursive) parser sees it. Pure, tiny: shared by forms and schemas. */

/** Block quotes and lists nested deeper than this are refused on input (the parser recurses per level). */
export const MAX_MARKDOWN_NESTING = 32;

const CONTAINER = /^ {0,3}(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s))\s?/;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * How deeply a line nests block quotes and lists (by markers and by indentation), outside fenced
 * code blocks (whose indentation is content). Pure, linear.
 */
export function markdownNesting(markdown: string): number {
  let deepest = 0;
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    let rest = line;
    let depth = Math.floor((/^[ \t]*/.exec(line)?.[0].replace(/\t/g, "    ").length ?? 0) / 2);
    for (
      let match = CONTAINER.exec(rest);
      match && depth <= MAX_MARKDOWN_NESTING;
      match = CONTAINER.exec(rest)
    ) {
      depth += 1;
      rest = rest.slice(match[0].length);
    }
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_MARKDOWN_NESTING) break;
  }
  return deepest;
}
