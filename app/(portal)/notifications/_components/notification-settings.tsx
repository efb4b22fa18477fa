"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchNotificationSettings, saveNotificationSettings } from "@/lib/notify/api-client";
import { notifyKeys } from "@/lib/notify/query-keys";

/** Per kind: in the portal and by email (saved on change); the daily digest. */
export function NotificationSettingsForm() {
  const qc = useQueryClient();
  const settings = useQuery({
    queryKey: notifyKeys.settings(),
    queryFn: ({ signal }) => fetchNotificationSettings(signal),
  });
  const save = useMutation({
    mutationFn: saveNotificationSettings,
    onSuccess: (data) => qc.setQueryData(notifyKeys.settings(), data),
  });
  const s = settings.data;
  return (
    <section className="card stack" aria-label="Notification settings">
      <h2 className="section-title">Settings</h2>
      {settings.isPending && <p className="muted">Loading settings…</p>}
      {settings.error && <p className="alert alert-error">{settings.error.message}</p>}
      {s && (
        <>
          <p className="muted small">
            {s.emailAvailable ? (
              <>
                Email goes to <strong>{s.email}</strong>.
              </>
            ) : (
              <>
                This portal sends no email (its operators have not set SMTP_URL); in-portal notifications
                still arrive.
              </>
            )}
          </p>
          <label className="small">
            <input
              type="checkbox"
              checked={s.emailDigest}
              disabled={!s.emailAvailable || save.isPending}
              onChange={(e) => save.mutate({ emailDigest: e.target.checked })}
            />{" "}
            One email a day (a digest at 08:00 UTC) instead of one per notification
          </label>
          <table className="settings-table small">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">In the portal</th>
                <th scope="col">Email</th>
              </tr>
            </thead>
            <tbody>
              {s.kinds.map((k) => (
                <tr key={k.kind}>
                  <td>
                    <strong>{k.label}</strong>
                    <br />
                    <span className="muted">{k.description}</span>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${k.label}: in the portal`}
                      checked={k.inApp}
                      disabled={save.isPending}
                      onChange={(e) =>
                        save.mutate({ kinds: { [k.kind]: { inApp: e.target.checked, email: k.email } } })
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${k.label}: by email`}
                      checked={k.email}
                      disabled={!s.emailAvailable || save.isPending}
                      onChange={(e) =>
                        save.mutate({ kinds: { [k.kind]: { inApp: k.inApp, email: e.target.checked } } })
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {save.error && <p className="alert alert-error">{save.error.message}</p>}
          {save.isSuccess && (
            <p className="muted small" role="status">
              Saved.
            </p>
          )}
        </>
      )}
    </section>
  );
}
