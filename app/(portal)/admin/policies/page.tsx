import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/server";
import { canEditPolicies } from "@/lib/governance/permissions";
import { getPolicySet } from "@/lib/governance/queries";
import { PolicyEditor } from "./_components/policy-editor";

export const metadata: Metadata = { title: "Mesh policies" };

/** The mesh-wide policies: everyone reads them (they are what publishing checks); admins change them. */
export default async function PoliciesPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const policies = await getPolicySet(await db());
  return (
    <article className="stack narrow">
      <h1>Mesh policies</h1>
      <p className="muted">
        Every product is checked against these on create, update and publish; publishing refuses a product
        that breaks one, listing all at once.{" "}
        {policies.version === 0 ? "These are the defaults." : `Version ${policies.version}`}
        {policies.createdBy ? `, by ${policies.createdBy} on ${policies.createdAt?.slice(0, 10)}` : ""}
        {policies.note ? ` — “${policies.note}”` : ""}
      </p>
      <PolicyEditor policies={policies} canEdit={canEditPolicies(user)} />
    </article>
  );
}
