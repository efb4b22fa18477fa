import type { Metadata } from "next";
import { publicUrl } from "@/lib/notify/dispatch";
import { TokenManager } from "./_components/token-manager";

export const metadata: Metadata = { title: "Personal access tokens" };

export default function TokensPage() {
  return (
    <article className="stack">
      <h1>Personal access tokens</h1>
      <p className="muted">
        Scripts call the API with <code>Authorization: Bearer &lt;token&gt;</code> and act as you. A token is
        shown once; Meshport keeps only its hash. An AI assistant uses one the same way through
        Meshport&apos;s MCP server: make a token <em>For an AI assistant</em>.
      </p>
      <TokenManager mcpUrl={`${publicUrl().replace(/\/$/, "")}/api/mcp`} />
    </article>
  );
}
