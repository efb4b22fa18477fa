import type { Metadata } from "next";
import { NotificationCenter } from "./_components/notification-center";
import { NotificationSettingsForm } from "./_components/notification-settings";

export const metadata: Metadata = { title: "Notifications" };

export default function NotificationsPage() {
  return (
    <article className="stack">
      <h1>Notifications</h1>
      <p className="muted">
        What happened to your requests and grants, to your team&apos;s products, and to products you use or
        watch. They arrive live; email follows your settings below.
      </p>
      <NotificationCenter />
      <NotificationSettingsForm />
    </article>
  );
}
