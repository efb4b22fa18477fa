import type { AccessRequestItem } from "@/lib/access/dto";

const LABELS = {
  mcp: {
    text: "via AI assistant",
    title:
      "Filed by an AI assistant through Meshport's MCP server, with a token of the requester (who answers for it)",
  },
  api: {
    text: "via API",
    title: "Filed with a personal access token of the requester, through the REST API",
  },
} as const;

/** Says where a request was filed when it was not the portal's form (owners decide knowing it). */
export function FiledVia({ via, name }: { via: AccessRequestItem["filedVia"]; name: string }) {
  if (via === "portal") return null;
  const label = LABELS[via];
  return (
    <span className="badge" data-testid="filed-via" title={label.title.replace("the requester", name)}>
      {label.text}
    </span>
  );
}
