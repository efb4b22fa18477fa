"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { fetchJson } from "@/lib/api/fetch-json";

/** Sign out (this browser) and sign out everywhere (every session of the user); both end on the server at once. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);

  async function everywhere() {
    if (!window.confirm("Sign out of Meshport in every browser and device?")) return;
    setPending(true);
    try {
      await fetchJson("/api/v1/sessions", { method: "DELETE" });
    } finally {
      await signOut({ callbackUrl: "/login" });
    }
  }

  return (
    <>
      <button
        type="button"
        className="btn btn-ghost"
        disabled={pending}
        onClick={() => void signOut({ callbackUrl: "/login" })}
      >
        Sign out
      </button>
      <button
        type="button"
        className="btn btn-ghost small"
        disabled={pending}
        onClick={() => void everywhere()}
      >
        Sign out everywhere
      </button>
    </>
  );
}
