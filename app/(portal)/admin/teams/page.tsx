import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { isAdmin } from "@/lib/auth/types";
import { db } from "@/lib/db/server";
import { listTeams } from "@/lib/org/queries";
import { TeamsAdmin } from "./_components/teams-admin";

export const metadata: Metadata = { title: "Teams and domains" };

/** Domains and teams (admins create and describe them); members (each team's owners and admins). */
export default async function TeamsPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const prisma = await db();
  const [teams, domains] = await Promise.all([
    listTeams(prisma, user),
    prisma.domain.findMany({
      orderBy: { name: "asc" },
      select: { slug: true, name: true, description: true },
    }),
  ]);
  return (
    <article className="stack">
      <h1>Teams and domains</h1>
      <p className="muted">
        A team publishes data products and is granted access to others&apos; ports as its Kafka principal. The
        portal manages the principal&apos;s ACLs; the cluster&apos;s operators give it credentials.
      </p>
      <TeamsAdmin teams={teams} domains={domains} admin={isAdmin(user)} userId={user.id} />
    </article>
  );
}
