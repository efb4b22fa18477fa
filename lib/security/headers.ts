/**
 * The portal's security headers. Pure: the proxy (pages, with a per-request nonce) and
 * next.config.ts (every response) share them.
 */

/**
 * Content-Security-Policy for a page: scripts only with this request's nonce (Next puts it on its
 * own scripts; 'strict-dynamic' lets them load the app's chunks and Web Workers), no framing,
 * no plugins. Styles allow inline attributes: React Flow positions nodes with style attributes.
 */
export function contentSecurityPolicy(
  nonce: string,
  opts: { dev: boolean; formTargets?: readonly string[] },
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${opts.formTargets?.length ? ` ${opts.formTargets.join(" ")}` : ""}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers for every response, pages and API alike. */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
