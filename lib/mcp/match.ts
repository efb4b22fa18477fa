/** Why a product came up in a search, in words an agent can pass on — pure, unit-tested. */
import { HIGHLIGHT_END, HIGHLIGHT_START, searchWords } from "@/lib/catalog/schemas";

const MARK = new RegExp(`[${HIGHLIGHT_START}${HIGHLIGHT_END}]`, "g");

/** Highlight markers as «…» (an agent reads them; a page would make <mark>). */
export function marked(text: string): string {
  return text.replace(MARK, (m) => (m === HIGHLIGHT_START ? "«" : "»"));
}

export interface MatchedProduct {
  name: string;
  tags: readonly string[];
  domain: { slug: string; name: string };
  ownerTeam: { slug: string; name: string };
  highlight?: { name: string; snippet: string };
}

export interface SearchAsked {
  query?: string;
  domain?: readonly string[];
  kind?: readonly string[];
  owner?: readonly string[];
  tag?: readonly string[];
  portType?: readonly string[];
}

/**
 * The reasons a product matched: where its words were found (name, tags, domain, owner, docs or
 * schema fields, with the excerpt), then the filters it passed. Without words or filters, none.
 */
export function matchReasons(item: MatchedProduct, asked: SearchAsked, correctedTo?: string): string[] {
  const reasons: string[] = [];
  const words = searchWords(correctedTo ?? asked.query ?? "");
  const hits = (text: string) => {
    const lower = text.toLowerCase();
    return words.some((w) => lower.split(/[^\p{L}\p{N}]+/u).some((part) => part.startsWith(w)));
  };
  if (words.length > 0) {
    if (correctedTo)
      reasons.push(`no product matched "${asked.query ?? ""}"; matched the correction "${correctedTo}"`);
    if (item.highlight?.name.includes(HIGHLIGHT_START)) reasons.push(`name: ${marked(item.highlight.name)}`);
    else if (hits(item.name)) reasons.push(`name: ${item.name}`);
    const tags = item.tags.filter(hits);
    if (tags.length > 0) reasons.push(`tag${tags.length > 1 ? "s" : ""}: ${tags.join(", ")}`);
    if (hits(item.domain.name)) reasons.push(`domain: ${item.domain.name}`);
    if (hits(item.ownerTeam.name)) reasons.push(`owner team: ${item.ownerTeam.name}`);
    if (item.highlight?.snippet.includes(HIGHLIGHT_START))
      reasons.push(`description: ${marked(item.highlight.snippet)}`);
    if (reasons.length === (correctedTo ? 1 : 0))
      reasons.push("its documentation or schema field names contain the words");
  }
  const filters: [string, readonly string[] | undefined, string | undefined][] = [
    ["domain", asked.domain, item.domain.slug],
    ["owner", asked.owner, item.ownerTeam.slug],
    ["kind", asked.kind, undefined],
    ["tag", asked.tag, undefined],
    ["port type", asked.portType, undefined],
  ];
  for (const [label, values, own] of filters) {
    if (!values || values.length === 0) continue;
    const shown = own && values.includes(own) ? own : values.join(" or ");
    reasons.push(`filter: ${label} is ${shown}`);
  }
  return reasons;
}
