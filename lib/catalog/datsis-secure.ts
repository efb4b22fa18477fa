/** The Secure checks: classifications, and fields whose names look like personal data. */
import { type ScorecardCheck, type ScorecardInput } from "./datsis-model";
import { allFields, check, listNames, qualifiedName } from "./datsis-rules";

// ─── Secure ─────────────────────────────────────────────────────────────────

export function checkSecure(input: ScorecardInput): ScorecardCheck[] {
  const likelyPii = allFields(input).filter(
    (f) => f.field.classification === "INTERNAL" && looksLikePii(f.field.path),
  );
  return [
    check(
      "pii-classified",
      "Fields that look like personal data are classified",
      2,
      likelyPii.length === 0
        ? null
        : `Classify ${listNames(likelyPii.map(qualifiedName))} as PII (or CONFIDENTIAL/PUBLIC if not personal): ${likelyPii.length === 1 ? "it looks" : "they look"} like personal data but ${likelyPii.length === 1 ? "is" : "are"} left at the default INTERNAL.`,
      "Classify new fields when you add them; masking follows the classification.",
    ),
    check(
      "terms-of-use",
      "Terms of use stated",
      1,
      input.termsOfUse.trim()
        ? null
        : "Write terms of use: permitted purposes, retention and onward sharing.",
      "Revisit the terms of use when the data or the law changes.",
    ),
    check(
      "access-policy",
      "Access goes through requests and grants",
      2,
      input.accessPolicy
        ? null
        : "Put the product under a Meshport access policy, so every consumer requests access and an owner approves it.",
      "Review grants regularly and revoke the ones no longer used.",
    ),
  ];
}

const PERSON_WORDS = new Set([
  "first",
  "last",
  "full",
  "given",
  "family",
  "middle",
  "maiden",
  "nick",
  "customer",
  "user",
  "person",
  "contact",
  "employee",
  "patient",
  "member",
  "buyer",
  "recipient",
  "holder",
  "driver",
  "passenger",
  "guest",
  "shopper",
  "client",
  "citizen",
]);
/** Address-like words that name machines, not people. */
const MACHINE_WORDS = new Set([
  "server",
  "host",
  "broker",
  "bootstrap",
  "endpoint",
  "url",
  "uri",
  "topic",
  "memory",
  "mac",
  "wallet",
  "contract",
]);
const PII_WORDS = new Set([
  "mobile",
  "ip",
  "ipv4",
  "ipv6",
  "ssn",
  "dob",
  "iban",
  "street",
  "postcode",
  "zip",
  "zipcode",
  "surname",
]);
const PII_FRAGMENTS = [
  "email",
  "phone",
  "msisdn",
  "passport",
  "birth",
  "firstname",
  "lastname",
  "fullname",
  "ipaddress",
  "postalcode",
];

/** Judged on the field's own name, with its parent's for bare `name` (`customer.name`). */
export function looksLikePii(path: string): boolean {
  const segments = path.split(".").map((s) => s.replace(/(\[\]|\{\})+$/g, ""));
  const own = tokenize(segments[segments.length - 1] ?? "");
  const parent = tokenize(segments[segments.length - 2] ?? "");
  const joined = own.join("");
  if (own.some((t) => PII_WORDS.has(t)) || PII_FRAGMENTS.some((f) => joined.includes(f))) return true;
  if (own.includes("address") && !own.some((t) => MACHINE_WORDS.has(t))) return true;
  if (own.includes("name")) return [...own, ...parent].some((t) => PERSON_WORDS.has(t));
  return false;
}

/** `customerEmail`, `customer_email`, `IPAddress` → lowercase words. */
export function tokenize(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}
