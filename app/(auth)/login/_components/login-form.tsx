"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

interface Props {
  callbackUrl: string;
  demo: boolean;
  oidcName: string | null;
  personas: { email: string; name: string; team: string }[];
}

export function LoginForm({ callbackUrl, demo, oidcName, personas }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(credentials: { email: string; password: string }) {
    setPending(true);
    setError(null);
    const result = await signIn("demo", { ...credentials, redirect: false });
    if (result?.ok && !result.error) {
      // A full navigation so every server component renders for the new session.
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(result?.status === 429 ? "Too many failed sign-ins for this account or from this address. Wait a few minutes, then try again." : "Wrong email or password.");
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit({ email, password });
  }

  return (
    <div className="stack">
      {oidcName && (
        <button className="btn btn-primary" type="button" onClick={() => void signIn("oidc", { callbackUrl })}>
          Continue with {oidcName}
        </button>
      )}
      {demo ? (
        <>
          <form onSubmit={onSubmit} aria-label="Sign in with a demo persona">
            <div className="field">
              <label htmlFor="email">Email</label>
              <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="password">Password</label>
              <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
            {error && (
              <p className="alert alert-error" role="alert">
                {error}
              </p>
            )}
            <button className="btn btn-primary" type="submit" disabled={pending}>
              {pending ? "Signing in…" : "Sign in"}
            </button>
          </form>
          <div>
            <p className="muted small">Demo mode: every persona&apos;s password is <code>demo</code>.</p>
            <div className="personas">
              {personas.map((p) => (
                <button key={p.email} type="button" className="btn" disabled={pending} onClick={() => void submit({ email: p.email, password: "demo" })}>
                  <strong>{p.name}</strong>
                  <span className="muted small">{p.team}</span>
                </button>
              ))}
            </div>
          </div>
        </>
      ) : (
        !oidcName && <p className="alert alert-error">No sign-in method is configured. Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.</p>
      )}
    </div>
  );
}
