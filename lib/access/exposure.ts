/**
 * What a grant exposes, said plainly wherever one is asked for or shown: the broker has no
 * masking, so the team's own consumers read every field, PII included, that the portal's live
 * tail masks. Masking on the broker side is future work.
 */
export const GRANT_EXPOSURE =
  "A grant gives your team's Kafka principal READ on the topic itself: your team's consumers will see every field raw, including those classified PII that the portal's live view masks. You may use the data only for the purpose stated here; the owners approve on that basis and can revoke the grant.";
