"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchWatch, setWatch } from "@/lib/notify/api-client";
import { notifyKeys } from "@/lib/notify/query-keys";

/** Watch a product: be told of new schema versions, deprecation, retirement and contract checks. */
export function WatchButton({ slug }: { slug: string }) {
  const qc = useQueryClient();
  const state = useQuery({
    queryKey: notifyKeys.watch(slug),
    queryFn: ({ signal }) => fetchWatch(slug, signal),
  });
  const toggle = useMutation({
    mutationFn: (watching: boolean) => setWatch(slug, watching),
    onSuccess: (data) => qc.setQueryData(notifyKeys.watch(slug), data),
  });
  const watching = state.data?.watching ?? false;
  return (
    <span className="row small">
      <button
        type="button"
        className={watching ? "btn" : "btn btn-primary"}
        aria-pressed={watching}
        disabled={state.isPending || toggle.isPending}
        title="Be told of new schema versions, deprecation, retirement and contract checks"
        data-testid="watch-button"
        onClick={() => toggle.mutate(!watching)}
      >
        {watching ? "Watching ✓" : "Watch"}
      </button>
      {state.data && <span className="muted">{state.data.watchers} watching</span>}
      {(toggle.error ?? state.error) && (
        <span className="alert alert-error" role="alert">
          {(toggle.error ?? state.error)!.message}
        </span>
      )}
    </span>
  );
}
