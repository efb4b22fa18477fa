-- Hand-written: `domain_product_counts` follows `data_products` (products per domain, owner team
-- and lifecycle), so the domain list counts what a viewer may see from a few rows instead of
-- every product (350 ms warm, 2.3 s cold at a million). Statement-level triggers with transition
-- tables: a COPY or a bulk update changes each count once, not once per row. Counts are added in
-- key order, so two writers lock the rows they share in the same order.

CREATE OR REPLACE FUNCTION domain_product_counts_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO domain_product_counts AS c (domain_id, owner_team_id, lifecycle, n)
      SELECT domain_id, owner_team_id, lifecycle, count(*) FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (domain_id, owner_team_id, lifecycle) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO domain_product_counts AS c (domain_id, owner_team_id, lifecycle, n)
      SELECT domain_id, owner_team_id, lifecycle, -count(*) FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (domain_id, owner_team_id, lifecycle) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    INSERT INTO domain_product_counts AS c (domain_id, owner_team_id, lifecycle, n)
      SELECT domain_id, owner_team_id, lifecycle, sum(delta) FROM (
        SELECT domain_id, owner_team_id, lifecycle, 1 AS delta FROM new_rows
        UNION ALL
        SELECT domain_id, owner_team_id, lifecycle, -1 FROM old_rows
      ) changed
      GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (domain_id, owner_team_id, lifecycle) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER data_products_counts_insert AFTER INSERT ON data_products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION domain_product_counts_apply();
CREATE TRIGGER data_products_counts_update AFTER UPDATE ON data_products
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION domain_product_counts_apply();
CREATE TRIGGER data_products_counts_delete AFTER DELETE ON data_products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION domain_product_counts_apply();

-- Backfill.
INSERT INTO domain_product_counts (domain_id, owner_team_id, lifecycle, n)
  SELECT domain_id, owner_team_id, lifecycle, count(*) FROM data_products GROUP BY 1, 2, 3;
