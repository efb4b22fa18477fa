/** The DATSIS scorecard's types, labels and thresholds (see datsis.ts). */
import type { Classification, Compatibility, Lifecycle, PortType } from "@/lib/generated/prisma/enums";

export type DatsisDimension =
  "discoverable" | "addressable" | "trustworthy" | "selfDescribing" | "interoperable" | "secure";

export type ScorecardClassification = Classification;
export type ScorecardCompatibility = Compatibility;

export interface ScorecardField {
  path: string;
  type: string;
  description: string;
  classification: ScorecardClassification;
}

export interface ScorecardPort {
  name: string;
  type: PortType;
  address: string;
  /** Bootstrap servers of a Kafka port; host or catalog of a table/file (optional there). */
  server: string;
  format: string;
  description: string;
  compatibility: ScorecardCompatibility;
  schema: null | { versions: number; fields: ScorecardField[] };
  /** The contract monitor's verdict (absent: not known here). */
  checkStatus?: "PASSING" | "FAILING" | "NOT_EVALUATED";
}

export interface ScorecardInput {
  name: string;
  summary: string;
  /** Markdown docs. */
  description: string;
  tags: string[];
  lifecycle: Lifecycle;
  domain: string | null;
  ownerTeam: string | null;
  ownerMembers: number;
  serviceLevels: Record<string, unknown>;
  termsOfUse: string;
  outputPorts: ScorecardPort[];
  /** Access goes through Meshport requests/grants (always true in Meshport, false for imported external products without an access policy). */
  accessPolicy: boolean;
}

export interface ScorecardCheck {
  /** Stable, kebab-case; unique within the scorecard. */
  id: string;
  label: string;
  passed: boolean;
  /** What to fix, imperative, shown when not passed (a generic hint when passed). */
  fix: string;
  weight: number;
}

export interface DimensionScore {
  dimension: DatsisDimension;
  label: string;
  /** 0..100, weighted share of passed checks, rounded. */
  score: number;
  checks: ScorecardCheck[];
}

export interface Scorecard {
  /** Mean of the dimension scores, rounded. */
  overall: number;
  /** Always six, in DATSIS order. */
  dimensions: DimensionScore[];
}

export const DATSIS_LABELS: Record<DatsisDimension, string> = {
  discoverable: "Discoverable",
  addressable: "Addressable",
  trustworthy: "Trustworthy",
  selfDescribing: "Self-describing",
  interoperable: "Interoperable",
  secure: "Secure",
};

export const DATSIS_ORDER: readonly DatsisDimension[] = [
  "discoverable",
  "addressable",
  "trustworthy",
  "selfDescribing",
  "interoperable",
  "secure",
];

export const MIN_SUMMARY_CHARS = 20;
export const MIN_TAGS = 2;
export const MIN_DOC_WORDS = 150;
export const MIN_DESCRIBED_PERCENT = 80;
export const STANDARD_FORMATS: readonly string[] = ["json", "avro", "parquet", "csv"];
