import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { NotificationBell } from "@/components/notify/notification-bell";
import { SignOutButton } from "@/components/sign-out-button";
import { countInbox } from "@/lib/access/queries";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/server";
import { countUnread } from "@/lib/notify/queries";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) {
    const path = (await headers()).get("x-meshport-path") ?? "/";
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  const prisma = await db();
  const [inbox, unread] = await Promise.all([countInbox(prisma, user), countUnread(prisma, user.id)]);
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          mesh<span>port</span>
        </Link>
        <nav aria-label="Main">
          <Link href="/">Catalog</Link>
          <Link href="/lineage">Lineage</Link>
          <Link href="/access">
            Access
            {inbox > 0 && (
              <span
                className="nav-badge"
                data-testid="inbox-count"
                aria-label={`${inbox} requests to decide`}
              >
                {inbox}
              </span>
            )}
          </Link>
          <Link href="/governance">Governance</Link>
          <Link href="/admin/teams">Teams</Link>
          {user.role === "ADMIN" && <Link href="/admin/topics">Topics</Link>}
          <Link href="/settings/tokens">Tokens</Link>
          <a href="/api/v1/openapi.json">API</a>
        </nav>
        <div className="user-menu">
          <NotificationBell initialUnread={unread} />
          <span>
            <span data-testid="current-user">{user.name}</span>
            <span className="teams">
              {" · "}
              {user.role === "ADMIN" ? "admin" : user.teams.map((t) => t.name).join(", ") || "no team"}
            </span>
          </span>
          <SignOutButton />
        </div>
      </header>
      <main id="content" className="page">
        {children}
      </main>
    </>
  );
}
