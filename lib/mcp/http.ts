/**
 * `/api/mcp`: the MCP Streamable HTTP transport (the SDK's web-standard transport, stateless with
 * JSON answers: any instance answers any request, nothing is kept between them). Bearer tokens
 * only — a browser's cookie never reaches a tool, so nothing here can be driven cross-site — and
 * the token needs the `mcp` scope. The token's user, read from the database per request, is the
 * caller of every tool.
 */
import "server-only";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/core/env";
import { db } from "@/lib/db/server";
import { errorOf, errorResponse, ownOrigins } from "@/lib/http/route";
import { publicUrl } from "@/lib/notify/dispatch";
import { tailHub } from "@/lib/tail/process-hub";
import { createMcpServer } from "./server";

const MAX_BODY_BYTES = 256 * 1024;
/** The longest a call may take before the request is answered 504 (a cold sample takes < 10 s). */
const ANSWER_TIMEOUT_MS = 60_000;

const CHALLENGE = {
  "www-authenticate": 'Bearer realm="meshport", scope="mcp"',
};

/** A browser page of another origin may not talk to the MCP server (DNS rebinding). */
function foreignOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin === null) return false;
  const own = ownOrigins(req);
  const configured = env().MESHPORT_PUBLIC_URL;
  if (configured) own.add(new URL(configured).origin);
  return !own.has(origin);
}

export async function handleMcpRequest(req: Request): Promise<Response> {
  if (req.method !== "POST")
    return errorResponse(
      "method_not_allowed",
      "This MCP server answers POSTed JSON-RPC only (stateless Streamable HTTP: no server-sent stream, no session to delete)",
      405,
      { allow: "POST" },
    );
  if (foreignOrigin(req))
    return errorResponse("forbidden", "Requests from another site's pages are refused", 403);
  if (!req.headers.get("authorization"))
    return errorResponse(
      "unauthenticated",
      "Send a personal access token with the mcp scope: Authorization: Bearer mp_… (make one under Settings → Tokens)",
      401,
      CHALLENGE,
    );
  try {
    const user = await getCurrentUser(req.headers);
    if (!user || user.credential?.kind !== "token")
      return errorResponse("unauthenticated", "The token is unknown, revoked or expired", 401, CHALLENGE);
    if (!user.credential.scopes.includes("mcp"))
      return errorResponse(
        "forbidden",
        'This token lacks the "mcp" scope: make a token with "AI assistant (MCP)" under Settings → Tokens',
        403,
        { "www-authenticate": 'Bearer realm="meshport", error="insufficient_scope", scope="mcp"' },
      );
    const length = Number(req.headers.get("content-length") ?? 0);
    if (length > MAX_BODY_BYTES)
      return errorResponse("payload_too_large", `At most ${MAX_BODY_BYTES} bytes`, 413);
    const text = await req.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES)
      return errorResponse("payload_too_large", `At most ${MAX_BODY_BYTES} bytes`, 413);
    let message: unknown;
    try {
      message = JSON.parse(text) as unknown;
    } catch {
      return errorResponse("bad_request", "The body is not JSON: send one JSON-RPC message", 400);
    }
    // One message per request (as MCP since 2025-06-18): a batch could pair a call with its own
    // cancellation, which the SDK never answers, and the request would hang.
    if (Array.isArray(message))
      return errorResponse(
        "bad_request",
        "Send one JSON-RPC message per request (batches are not accepted)",
        400,
      );
    const server = createMcpServer({
      prisma: await db(),
      user,
      hub: tailHub,
      baseUrl: publicUrl().replace(/\/$/, ""),
      tokenId: user.credential.tokenId,
      scopes: user.credential.scopes,
      userAgent: req.headers.get("user-agent"),
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        transport.handleRequest(req, { parsedBody: message }),
        new Promise<Response>((resolve) => {
          timer = setTimeout(
            () => resolve(errorResponse("timeout", `No answer within ${ANSWER_TIMEOUT_MS / 1000} s`, 504)),
            ANSWER_TIMEOUT_MS,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      // JSON answers are complete when handleRequest returns: nothing outlives the request.
      void server.close();
    }
  } catch (err) {
    const { status, headers, error } = errorOf(err, "mcp");
    return errorResponse(error.code, error.message, status, headers);
  }
}
