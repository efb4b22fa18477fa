import type { Metadata } from "next";
import { Suspense } from "react";
import { AccessCenter } from "./_components/access-center";

export const metadata: Metadata = { title: "Access" };

export default function AccessPage() {
  return (
    <article className="stack">
      <h1>Access</h1>
      <Suspense fallback={<div className="skeleton" />}>
        <AccessCenter />
      </Suspense>
    </article>
  );
}
