import type { ContractIssue } from "./model";

/** A contract Meshport cannot read or write; `issues` say where and why, one per problem. */
export class ContractError extends Error {
  constructor(
    message: string,
    readonly issues: ContractIssue[],
  ) {
    super(message);
    this.name = "ContractError";
  }
}

/** One step of a path into the document: a mapping key or a sequence index. */
export type PathSegment = string | number;

/**
 * A problem found while the line is not known yet. `key` names a mapping key under `segments`
 * that is itself the problem (an unknown property): the issue then points at that key's line.
 */
export interface PendingIssue {
  segments: PathSegment[];
  key?: string;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `["schema", 0, "properties", 2]` → `schema[0].properties[2]`; odd keys are quoted: `servers["my db"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
