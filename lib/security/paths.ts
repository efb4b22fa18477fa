/**
 * Whether a request path has a percent-escape that does not decode (`%ZZ`, a truncated or
 * overlong UTF-8 sequence). Next answers such paths with a bare 500 when they reach a dynamic
 * segment (vercel/next.js#92527), so the proxy refuses them first with a clear 400.
 */
export function hasMalformedEscape(pathname: string): boolean {
  if (!pathname.includes("%")) return false;
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}
