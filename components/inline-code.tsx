import { Fragment } from "react";

/**
 * Short plain text that may hold `code` spans (field and port descriptions are written like
 * markdown): the spans become <code>, everything else stays text — nothing else is interpreted.
 */
export function InlineCode({ text }: { text: string }) {
  const parts = text.split(/(`[^`\n]+`)/g);
  return (
    <>
      {parts.map((part, i) =>
        part.length > 2 && part.startsWith("`") && part.endsWith("`") ? (
          <code key={i}>{part.slice(1, -1)}</code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
