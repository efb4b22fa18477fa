// POST /api/v1/markdown/preview — renders markdown exactly as product pages do (sanitized), for the docs editor
import { renderMarkdown } from "@/lib/catalog/markdown";
import { MarkdownPreviewSchema } from "@/lib/catalog/schemas";
import { route } from "@/lib/http/route";
import { MarkdownPreviewResultDto } from "@/lib/catalog/dto";

// Any signed-in user: it reads nothing and stores nothing; the wrapper has authenticated.
export const POST = route(
  {
    operationId: "previewMarkdown",
    summary: "Render markdown as product pages do (sanitized)",
    response: { schema: MarkdownPreviewResultDto, description: "`{html}`" },
    scope: "read",
    body: MarkdownPreviewSchema,
  },
  async ({ body }) => ({
    html: renderMarkdown(body.markdown),
  }),
);
