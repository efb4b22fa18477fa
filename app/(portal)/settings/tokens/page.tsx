import type { Metadata } from "next";
import { TokenManager } from "./_components/token-manager";

export const metadata: Metadata = { title: "Personal access tokens" };

export default function TokensPage() {
  return (
    <article className="stack">
      <h1>Personal access tokens</h1>
      <p className="muted">
        Scripts call the API with <code>Authorization: Bearer &lt;token&gt;</code> and act as you. A token is
        shown once; Meshport keeps only its hash.
      </p>
      <TokenManager />
    </article>
  );
}
