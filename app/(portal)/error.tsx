"use client";

export default function PortalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <strong>This page could not be loaded.</strong> {error.digest ? `(reference ${error.digest})` : ""}
      </p>
      <button type="button" className="btn" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
