/** YAML text → ContractModel, for ODCS v3 and the Data Contract Specification. */
import { importDcs } from "./dcs-import";
import { ContractError, formatPath, type PendingIssue } from "./errors";
import type { ContractFormat, ContractIssue, ContractModel } from "./model";
import { importOdcs } from "./odcs-import";
import {
  DCS_SCHEMA_VERSION,
  ODCS_API_VERSION,
  SUPPORTED_ODCS_VERSIONS,
  validateDcs,
  validateOdcs,
} from "./validate";
import { readYamlSource, type YamlSource } from "./yaml-source";

/** Enough to fix a document in a few rounds without drowning the reader. */
export const MAX_ISSUES = 20;

/**
 * Parses YAML text, detects the format (ODCS: `apiVersion: v3…` + `kind: DataContract`; DCS:
 * `dataContractSpecification: …`), validates it against the bundled JSON Schema, and maps it to
 * the model. Throws ContractError with issues (YAML path + line) for bad YAML, schema violations,
 * or things Meshport cannot map (e.g. a schema object without physicalName).
 */
export function parseContract(yamlText: string): { format: ContractFormat; model: ContractModel } {
  const source = readYamlSource(yamlText);
  const document = source.value;

  if ("dataContractSpecification" in document) {
    const invalid = validateDcs(document);
    if (invalid.length > 0)
      fail(
        `The contract is not valid Data Contract Specification (${DCS_SCHEMA_VERSION} schema).`,
        invalid,
        source,
      );
    const { model, issues } = importDcs(document);
    if (issues.length > 0) fail("Meshport cannot use this contract.", issues, source);
    return { format: "dcs", model };
  }

  if ("apiVersion" in document || "kind" in document) {
    const apiVersion = document.apiVersion;
    if (typeof apiVersion === "string" && !SUPPORTED_ODCS_VERSIONS.test(apiVersion)) {
      fail(
        "Unsupported ODCS version.",
        [
          {
            segments: ["apiVersion"],
            message: `apiVersion '${apiVersion}' is not supported: Meshport reads ODCS v3.0.x and v3.1.x (validated as ${ODCS_API_VERSION})`,
          },
        ],
        source,
      );
    }
    const invalid = validateOdcs(document);
    if (invalid.length > 0)
      fail(`The contract is not valid ODCS (${ODCS_API_VERSION} schema).`, invalid, source);
    const { model, issues } = importOdcs(document);
    if (issues.length > 0) fail("Meshport cannot use this contract.", issues, source);
    return { format: "odcs", model };
  }

  fail(
    "Not a data contract.",
    [
      {
        segments: [],
        message:
          "expected an ODCS contract (apiVersion: v3.x, kind: DataContract) or a Data Contract Specification document (dataContractSpecification: …)",
      },
    ],
    source,
  );
}

function fail(message: string, pending: readonly PendingIssue[], source: YamlSource): never {
  throw new ContractError(message, toIssues(pending, source));
}

/** Most specific (deepest) first, then in document order; at most MAX_ISSUES. */
export function toIssues(pending: readonly PendingIssue[], source?: YamlSource): ContractIssue[] {
  return pending
    .map((issue) => {
      const segments = issue.key === undefined ? issue.segments : [...issue.segments, issue.key];
      const line = source?.lineOf(issue.segments, issue.key);
      return {
        depth: segments.length,
        issue: {
          path: formatPath(segments),
          ...(line === undefined ? {} : { line }),
          message: issue.message,
        },
      };
    })
    .sort((a, b) => b.depth - a.depth || (a.issue.line ?? 0) - (b.issue.line ?? 0))
    .slice(0, MAX_ISSUES)
    .map(({ issue }) => issue);
}
