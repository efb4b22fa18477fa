/**
 * A data product as one markdown document (an MCP resource a client attaches to a conversation):
 * docs, owners, service levels, terms, and each port with its schema and its data contract
 * (ODCS YAML). Pure, unit-tested.
 */
import type { ProductDto } from "@/lib/catalog/dto";
import { KIND_LABELS, PORT_TYPE_LABELS } from "@/lib/catalog/schemas";

/** A table cell: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");

/** A fence longer than any backtick run in the text, so YAML with backticks cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(longest + 1);
}

function serviceLevels(value: unknown): string[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && String(v).trim() !== "")
    .map(([k, v]) => `- **${k}:** ${typeof v === "string" ? v : JSON.stringify(v)}`);
}

/**
 * Markdown headings one level down (outside code fences), so a product's own `## Purpose` sits
 * under the document's `## Documentation`.
 */
export function demoteHeadings(markdown: string): string {
  let fenced: string | null = null;
  return markdown
    .split("\n")
    .map((line) => {
      const open = /^\s*(`{3,}|~{3,})/.exec(line);
      if (open) {
        if (fenced === null) fenced = open[1]![0]!.repeat(open[1]!.length);
        else if (line.trim().startsWith(fenced)) fenced = null;
        return line;
      }
      return fenced === null && /^#{1,5} /.test(line) ? `#${line}` : line;
    })
    .join("\n");
}

/**
 * The product's document. `contracts` holds each port's ODCS YAML by port id (a port without one
 * is listed without its contract); `url` is the product's page in the portal.
 */
export function productMarkdown(p: ProductDto, contracts: ReadonlyMap<string, string>, url: string): string {
  const out: string[] = [`# ${p.name}`, "", `> ${p.summary || "(no summary)"}`, ""];
  out.push(
    `- **Slug:** \`${p.slug}\` · **Kind:** ${KIND_LABELS[p.kind]} · **Lifecycle:** ${p.lifecycle.toLowerCase()}`,
    `- **Domain:** ${p.domain.name} · **Owner team:** ${p.ownerTeam.name} (\`${p.ownerTeam.slug}\`)`,
    `- **Owners to contact:** ${p.ownerTeam.members.map((m) => `${m.name} <${m.email}> (${m.role.toLowerCase()})`).join(", ") || "none listed"}`,
  );
  if (p.tags.length > 0) out.push(`- **Tags:** ${p.tags.join(", ")}`);
  out.push(`- **In the portal:** ${url}`);
  if (p.deprecation)
    out.push(
      `- **Deprecated**${p.deprecation.sunsetAt ? `, sunset ${p.deprecation.sunsetAt.slice(0, 10)}` : ""}: ${p.deprecation.message}${p.deprecation.successor ? ` Successor: ${p.deprecation.successor.name} (\`${p.deprecation.successor.slug}\`).` : ""}`,
    );
  if (p.retiredAt) out.push(`- **Retired** on ${p.retiredAt.slice(0, 10)}`);
  out.push("", "## Documentation", "", demoteHeadings(p.description.trim()) || "(no documentation yet)", "");
  const levels = serviceLevels(p.serviceLevels);
  if (levels.length > 0) out.push("## Service levels", "", ...levels, "");
  if (p.termsOfUse.trim()) out.push("## Terms of use", "", p.termsOfUse.trim(), "");
  if (p.consumes.length > 0) {
    out.push("## Inputs", "");
    for (const i of p.consumes)
      out.push(
        `- ${i.product.name} (\`${i.product.slug}/${i.port.name}\`, ${i.port.address})${i.flag ? ` — flagged: ${i.flag.reason}` : ""}`,
      );
    out.push("");
  }
  out.push("## Output ports", "");
  if (p.outputPorts.length === 0) out.push("(none yet)", "");
  for (const port of p.outputPorts) {
    out.push(
      `### ${port.name}`,
      "",
      `- **Reference:** \`${p.slug}/${port.name}\` · **Type:** ${PORT_TYPE_LABELS[port.type]} · **Address:** \`${port.address}\` · **Format:** ${port.format}`,
      `- **State:** ${port.state.toLowerCase()} · **Compatibility:** ${port.compatibility.toLowerCase()}`,
    );
    if (port.description.trim()) out.push(`- ${port.description.trim()}`);
    if (port.contract)
      out.push(
        `- **Contract:** \`${port.contract.contractId}\` version ${port.contract.version}, ${port.contract.status.toLowerCase()}; checks on the live stream: ${port.contract.checkStatus.toLowerCase().replace("_", " ")}`,
      );
    if (port.consumers.length > 0)
      out.push(`- **Read by:** ${port.consumers.map((c) => `${c.name} (\`${c.slug}\`)`).join(", ")}`);
    out.push("");
    if (port.schema) {
      out.push(
        `Schema version ${port.schema.version} (${port.schema.format.toLowerCase()}):`,
        "",
        "| field | type | required | classification | description |",
        "| --- | --- | --- | --- | --- |",
        ...port.schema.fields.map(
          (f) =>
            `| \`${cell(f.path)}\` | ${cell(f.type)} | ${f.required ? "yes" : "no"} | ${f.classification.toLowerCase()} | ${cell(f.description)} |`,
        ),
        "",
      );
    }
    const contract = contracts.get(port.id);
    if (contract) {
      const f = fence(contract);
      out.push("Data contract (ODCS):", "", `${f}yaml`, contract.trimEnd(), f, "");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
