import type { Metadata } from "next";
import { canManageTopics } from "@/lib/catalog/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { TopicDiscovery } from "./_components/topic-discovery";

export const metadata: Metadata = { title: "Topic discovery" };

export default async function TopicsPage() {
  const user = await getCurrentUser();
  if (!user || !canManageTopics(user)) {
    return (
      <p className="alert alert-error" role="alert">
        Topic discovery is for platform admins.
      </p>
    );
  }
  return (
    <article className="stack">
      <h1>Topic discovery</h1>
      <p className="muted">
        Topics on the broker that no data product exposes yet. Register one as an output port of a product.
      </p>
      <TopicDiscovery />
    </article>
  );
}
