// POST /api/mcp — Meshport's MCP server (Streamable HTTP, stateless, JSON answers) for AI assistants, with a personal access token carrying the mcp scope
// GET, DELETE /api/mcp — 405: no server-sent stream, no session
import { handleMcpRequest } from "@/lib/mcp/http";

export const dynamic = "force-dynamic";

export const POST = (req: Request) => handleMcpRequest(req);
export const GET = (req: Request) => handleMcpRequest(req);
export const DELETE = (req: Request) => handleMcpRequest(req);
