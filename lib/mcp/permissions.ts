/** What a personal access token may do over MCP — pure, unit-tested. */
import type { TokenScope } from "@/lib/auth/scopes";

/**
 * Why a token may not call a tool, or null when it may: the `mcp` scope opens the server, and
 * each tool needs the scope its REST twin needs (`read` to read, `access:request` to file a
 * request). What the token's user may see and do is then checked by the tool's domain call.
 */
export function toolRefusal(
  scopes: readonly string[],
  tool: { name: string; scope: TokenScope },
): string | null {
  if (!scopes.includes("mcp")) return 'This token lacks the "mcp" scope';
  if (!scopes.includes(tool.scope))
    return `The tool ${tool.name} needs a token with the "${tool.scope}" scope; this one has ${scopes.map((s) => `"${s}"`).join(", ")}. Make a token with it under Settings → Tokens`;
  return null;
}
