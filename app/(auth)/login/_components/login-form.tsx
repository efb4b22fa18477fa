"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

interface Props {
  callbackUrl: string;
  /** next-auth's `?error=` code after a failed sign-in (it sends OAuth failures to pages.signIn). */
  signInError?: string;
  demo: boolean;
  oidcName: string | null;
  personas: { email: string; name: string; team: string }[];
}

// The code itself is never shown: it means nothing to a person and anyone can put text in a URL.
function signInErrorMessage(code: string): string {
  switch (code) {
    case "OAuthSignin":
      return "Sign-in failed: the identity provider could not be reached. Please try again.";
    case "AccessDenied":
      return "Sign-in failed: this account may not sign in to Meshport.";
    case "Configuration":
      return "Sign-in failed: sign-in is not set up correctly on this server. Please tell an administrator.";
    default:
      // OAuthCallback, Callback …: the provider's answer was refused (expired, replayed, tampered with).
      return "Sign-in failed: it did not complete or took too long. Please try again.";
  }
}

export function LoginForm({ callbackUrl, signInError, demo, oidcName, personas }: Props) {
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
    setError(
      result?.status === 429
        ? "Too many failed sign-ins for this account or from this address. Wait a few minutes, then try again."
        : "Wrong email or password.",
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit({ email, password });
  }

  return (
    <div className="stack">
      {signInError && (
        <p className="alert alert-error" role="alert" data-testid="sign-in-error">
          {signInErrorMessage(signInError)}
        </p>
      )}
      {oidcName && (
        <button
          className="btn btn-primary"
          type="button"
          onClick={() => void signIn("oidc", { callbackUrl })}
        >
          Continue with {oidcName}
        </button>
      )}
      {demo ? (
        <>
          <form onSubmit={onSubmit} aria-label="Sign in with a demo persona">
            <div className="field">
              <label htmlFor="email">Email</label>
              <input
                id="email"
                name="email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="password">Password</label>
              <input
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
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
            <p className="muted small">
              Demo mode: every persona&apos;s password is <code>demo</code>.
            </p>
            <div className="personas">
              {personas.map((p) => (
                <button
                  key={p.email}
                  type="button"
                  className="btn"
                  disabled={pending}
                  onClick={() => void submit({ email: p.email, password: "demo" })}
                >
                  <strong>{p.name}</strong>
                  <span className="muted small">{p.team}</span>
                </button>
              ))}
            </div>
          </div>
        </>
      ) : (
        !oidcName && (
          <p className="alert alert-error">
            No sign-in method is configured. Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.
          </p>
        )
      )}
    </div>
  );
}
