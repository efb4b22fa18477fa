/**
 * The words of a notification: title, body and link for one kind, event and audience; the email
 * (plain text and HTML) around it; and the day's digest. Pure.
 */
import { utcMinute } from "@/lib/core/time";
import type { Audience, NotificationKindKey } from "./kinds";

/** What the notifier read from the database about the event's subject. */
export interface EventContext {
  product?: { slug: string; name: string } | null;
  port?: { id: string; name: string } | null;
  /** The consumer team (requests, grants). */
  team?: { slug: string; name: string } | null;
  ownerTeam?: { slug: string; name: string } | null;
  actorName?: string | null;
  requestId?: string | null;
  successor?: { slug: string; name: string } | null;
}

export interface PortalEvent {
  id: string;
  /** The CloudEvents type without `dev.meshport.`, e.g. `access_request.created`. */
  action: string;
  time: string;
  subject: string | null;
  data: Record<string, unknown>;
}

export interface Message {
  title: string;
  body: string;
  /** A path inside the portal. */
  link: string;
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
/** A time as "2026-12-02 13:51 UTC" (as sent when it does not parse; "?" when missing). */
const minute = (v: unknown): string => {
  const text = str(v);
  return text && !Number.isNaN(Date.parse(text)) ? utcMinute(text) : (text ?? "?");
};
const day = (iso: unknown): string => {
  const s = str(iso);
  if (!s) return "";
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString().slice(0, 10);
};

/** The notification's words, or null when the event lacks what the kind needs (nothing is sent). */
export function describe(
  kind: NotificationKindKey,
  audience: Audience,
  event: PortalEvent,
  ctx: EventContext,
): Message | null {
  const product = ctx.product?.name ?? "a data product";
  const productLink = ctx.product ? `/products/${ctx.product.slug}` : "/";
  const port = ctx.port?.name ?? str(event.data.port) ?? "a port";
  const team = ctx.team?.name ?? str(event.data.team) ?? "a team";
  const requestLink = ctx.requestId ? `/access/requests/${ctx.requestId}` : "/access";
  const who = ctx.actorName ?? "Someone";
  const reason = str(event.data.reason);
  switch (kind) {
    case "access.request_new":
      return {
        title: `${team} requests access to ${product} · ${port}`,
        body: `${who} filed the request${event.data.via === "mcp" ? " through an AI assistant (MCP)" : ""}${str(event.data.expiresAt) ? `, until ${day(event.data.expiresAt)}` : ""}. Your team decides.`,
        link: requestLink,
      };
    case "access.request_cancelled":
      return {
        title: `${team} withdrew its request for ${product} · ${port}`,
        body: `${who} withdrew it; nothing is left to decide.`,
        link: requestLink,
      };
    case "access.new_consumer":
      return {
        title: `New consumer of ${product} · ${port}: ${team}`,
        body: `The grant is active on Kafka: ${team} can read the topic.`,
        link: productLink,
      };
    case "access.provisioning_failed":
      return {
        title: `Kafka refused the grant for ${team} on ${product} · ${port}`,
        body: `${str(event.data.error) ?? "The broker refused the ACLs."} ${audience === "owners" ? "Retry from the Access page once the cause is fixed." : "The owner team can retry."}`,
        link: "/access",
      };
    case "access.decision": {
      const approved = event.action === "access_request.approved";
      return {
        title: `Your request for ${product} · ${port} was ${approved ? "approved" : "denied"}`,
        body: approved
          ? `${who} approved it${reason ? `: “${reason}”` : ""}. The grant is being provisioned on Kafka.`
          : `${who} denied it${reason ? `: “${reason}”` : " without a reason"}.`,
        link: requestLink,
      };
    }
    case "access.grant_active":
      return {
        title: `Access active: ${team} can read ${product} · ${port}`,
        body: "The ACLs are on Kafka. Consume with a group under your team's prefix.",
        link: "/access",
      };
    case "access.grant_expiring": {
      const days = Number(event.data.days);
      return {
        title: `Access to ${product} · ${port} expires in ${days === 1 ? "1 day" : `${days} days`}`,
        body: `The grant of ${team} ends on ${day(event.data.expiresAt)}. Request again to keep reading.`,
        link: productLink,
      };
    }
    case "access.grant_ended": {
      const expired = event.action === "grant.expired";
      return {
        title: `Access to ${product} · ${port} ${expired ? "expired" : "was revoked"}`,
        body: expired
          ? `The grant of ${team} reached its end; its ACLs were removed.`
          : `${who} revoked the grant of ${team}; its ACLs were removed.`,
        link: productLink,
      };
    }
    case "access.grant_unused":
      return {
        title: `Unused grant: ${team} on ${product} · ${port}`,
        body: `No consumer group of ${team} has read the topic for ${Number(event.data.days)} days.${audience === "owners" ? " You may revoke the grant from the Grants tab." : " Revoke it if you no longer need it."}`,
        link: "/access",
      };
    case "product.schema_version": {
      const breaking = event.data.breaking === true;
      return {
        title: `${product} · ${port}: schema version ${Number(event.data.version)}${breaking ? " (breaking)" : ""}`,
        body: `${str(event.data.changeNote) ?? "No change note."}${breaking ? " Consumers reading with the previous schema may break." : ""}`,
        link: productLink,
      };
    }
    case "product.deprecated": {
      const successor = ctx.successor?.name ?? null;
      return {
        title: `${product} is deprecated (sunset ${day(event.data.sunsetAt)})`,
        body: [str(event.data.message), successor ? `Successor: ${successor}.` : "No successor named."]
          .filter(Boolean)
          .join(" "),
        link: productLink,
      };
    }
    case "product.retired":
      return {
        title: `${product} was retired`,
        body: "Its ports take no new data and its grants were revoked.",
        link: productLink,
      };
    case "contract.failing":
      return {
        title: `Contract failing: ${product} · ${port} — ${str(event.data.rule) ?? "a rule"}`,
        body: `${Number(event.data.failures)} of ${Number(event.data.sampleSize)} events broke the rule in the window from ${minute(event.data.windowStart)}.`,
        link: productLink,
      };
    case "contract.recovered":
      return {
        title: `Contract holds again: ${product} · ${port} — ${str(event.data.rule) ?? "a rule"}`,
        body: "The rule passed in the latest window; the incident is resolved.",
        link: productLink,
      };
    case "team.webhook_disabled":
      return {
        title: `A webhook of ${team} was turned off`,
        body: `${str(event.data.url) ?? "The webhook"} failed ${Number(event.data.failures)} times in a row. Fix the receiver, then turn it on again.`,
        link: ctx.team ? `/teams/${ctx.team.slug}/webhooks` : "/admin/teams",
      };
  }
}

export interface Email {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** One notification as an email: plain text and HTML, the link made absolute. */
export function toEmail(message: Message, baseUrl: string, settingsPath = "/notifications"): Email {
  const url = new URL(message.link, baseUrl).toString();
  const settings = new URL(settingsPath, baseUrl).toString();
  return {
    subject: `[Meshport] ${message.title}`,
    text: `${message.title}\n\n${message.body}\n\nOpen: ${url}\n\n— Meshport. Change what you receive: ${settings}\n`,
    html:
      `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">` +
      `<h2 style="font-size:18px">${escapeHtml(message.title)}</h2>` +
      `<p>${escapeHtml(message.body)}</p>` +
      `<p><a href="${escapeHtml(url)}">Open in Meshport</a></p>` +
      `<p style="color:#666;font-size:12px">Change what you receive: <a href="${escapeHtml(settings)}">notification settings</a></p>` +
      `</body></html>`,
  };
}

/** Several waiting emails as the day's digest (subjects as headings, oldest first). */
export function toDigest(items: readonly Email[], date: Date, baseUrl: string): Email {
  const when = date.toISOString().slice(0, 10);
  const settings = new URL("/notifications", baseUrl).toString();
  const strip = (s: string) => s.replace(/^\[Meshport\] /, "");
  return {
    subject: `[Meshport] Your digest for ${when}: ${items.length} notification${items.length === 1 ? "" : "s"}`,
    text:
      items.map((e) => `• ${strip(e.subject)}\n${e.text.split("\n\n").slice(1, 3).join("\n")}`).join("\n\n") +
      `\n\n— Meshport. Change what you receive: ${settings}\n`,
    html:
      `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">` +
      `<h2 style="font-size:18px">Your Meshport digest for ${when}</h2>` +
      items
        .map((e) => `<h3 style="font-size:15px">${escapeHtml(strip(e.subject))}</h3>${bodyOf(e.html)}`)
        .join("") +
      `<p style="color:#666;font-size:12px"><a href="${escapeHtml(settings)}">Notification settings</a></p>` +
      `</body></html>`,
  };
}

/** The paragraphs of one email's HTML (between its heading and its footer). */
function bodyOf(html: string): string {
  const start = html.indexOf("</h2>");
  const end = html.indexOf('<p style="color:#666');
  return start >= 0 && end > start ? html.slice(start + 5, end) : "";
}

/** The next digest time: 08:00 UTC, today if still ahead, else tomorrow. */
export function nextDigestAt(now: Date, hourUtc = 8): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  return at.getTime() > now.getTime() ? at : new Date(at.getTime() + 86_400_000);
}
