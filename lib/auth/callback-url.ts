/**
 * Where a sign-in may send the user afterwards: only a path of the portal itself. The candidate is
 * resolved the way a browser resolves it (`/\evil.example` and `/\t/evil.example` become
 * `//evil.example`), and anything that lands on another origin, or does not parse, becomes "/".
 * Pure: used by the login page, next-auth's redirect callback and tests.
 */
export function safeCallbackPath(raw: unknown, origin = "http://portal.invalid"): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== "string" || value === "" || value.length > 2048) return "/";
  // Browsers drop tabs and newlines anywhere in a URL and read "\" as "/": refuse such input outright.
  if ([...value].some((c) => c <= "\u001f" || c === "\u007f" || c === "\\")) return "/";
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  return `${url.pathname}${url.search}${url.hash}` || "/";
}
