// GET /api/v1/tokens/activity — what AI assistants did with my tokens over MCP (the newest 50 calls, from the audit)
import { TokenActivityDto } from "@/lib/auth/dto";
import { listTokenActivity } from "@/lib/auth/tokens";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    operationId: "listTokenActivity",
    summary:
      "The newest 50 MCP calls (tools and resources) made with your own tokens: when, which token, what, the outcome; arguments as audited (secrets redacted)",
    response: { schema: TokenActivityDto, description: "`{items}`, newest first" },
  },
  async ({ user }) => listTokenActivity(await db(), user),
);
