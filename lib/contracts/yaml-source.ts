import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { findUnsafeInput } from "@/lib/api/input-guard";
import { ContractError, type PathSegment } from "./errors";

/** Contracts are hand-sized documents; anything larger is a mistake or an attack on the parser. */
export const MAX_CONTRACT_BYTES = 1024 * 1024;

export interface YamlSource {
  /** The document as plain JSON values (mappings → objects). */
  value: Record<string, unknown>;
  /** 1-based line of the node at `segments` (or of its mapping key `key`); the nearest existing ancestor when absent. */
  lineOf(segments: readonly PathSegment[], key?: string): number | undefined;
}

/** Parses YAML keeping positions, so that later problems can name a line. Throws ContractError. */
export function readYamlSource(text: string): YamlSource {
  checkSize(text);
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    // Nesting thousands deep exhausts the parser's stack: a document no one writes by hand.
    throw new ContractError("The contract is not valid YAML.", [
      {
        path: "",
        line: 1,
        message: cause instanceof RangeError ? "the document is nested too deeply" : String(cause),
      },
    ]);
  }
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new ContractError("The contract is not valid YAML.", [
      { path: "", ...(line ? { line } : {}), message: getFirstLine(error.message) },
    ]);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // Alias bombs and similar end up here rather than exhausting memory.
    throw new ContractError("The contract is not valid YAML.", [
      { path: "", line: 1, message: cause instanceof Error ? cause.message : String(cause) },
    ]);
  }
  const unsafe = findUnsafeInput(value);
  if (unsafe)
    throw new ContractError("The contract cannot be stored.", [
      { path: unsafe.path, message: unsafe.message },
    ]);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ContractError("The contract is not a YAML mapping.", [
      {
        path: "",
        line: 1,
        message: "a data contract must be a YAML mapping (key: value pairs) at the top level",
      },
    ]);
  }
  return {
    value: value as Record<string, unknown>,
    lineOf: (segments, key) => findLine(doc, lineCounter, segments, key),
  };
}

function checkSize(text: string): void {
  // Every character takes at least one UTF-8 byte: encode only when the length alone cannot tell.
  const bytes = text.length > MAX_CONTRACT_BYTES ? undefined : new TextEncoder().encode(text).length;
  if (bytes === undefined || bytes > MAX_CONTRACT_BYTES) {
    const size = bytes === undefined ? `more than ${MAX_CONTRACT_BYTES}` : String(bytes);
    throw new ContractError("The contract is too large.", [
      {
        path: "",
        message: `the document is ${size} bytes; contracts are limited to ${MAX_CONTRACT_BYTES} bytes (1 MiB)`,
      },
    ]);
  }
}

/** yaml's pretty messages append a code frame; the first line is the sentence. */
function getFirstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "").trim();
}

function findLine(
  doc: Document,
  lineCounter: LineCounter,
  segments: readonly PathSegment[],
  key?: string,
): number | undefined {
  let node: unknown = doc.contents;
  let offset = getStart(node);
  const steps: PathSegment[] = key === undefined ? [...segments] : [...segments, key];
  for (const segment of steps) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      // A key without a value (`logicalType:`) still has a line: the key's.
      offset = getStart(pair.value) ?? getStart(pair.key) ?? offset;
      if (segment === key && key !== undefined) offset = getStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = getStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function getStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}
