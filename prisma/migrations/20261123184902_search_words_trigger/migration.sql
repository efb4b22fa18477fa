-- Hand-written: the search trigger also maintains `title_vector` (name A, tags B, domain and
-- owner C) — the small vector search ranks its capped first tier with — and records the words of
-- products (names, tags, domain and owner, docs, field names) in `search_words`: the last word typed is expanded to
-- the words it begins (exact index lookups instead of a slow prefix scan), and "did you mean"
-- looks for the closest word there. Both vectors
-- carry facet tokens (`kind=AGGREGATE`, `domain=orders`, `owner=orders`, `tag=pii`,
-- `pt=KAFKA_TOPIC`), so facet filters are answered by the GIN index with the words instead of by
-- reading and discarding rows (see lib/catalog/queries.ts).

CREATE OR REPLACE FUNCTION data_products_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  owner_and_domain text;
  domain_slug text;
  team_slug text;
  field_names text;
  title tsvector;
  facets tsvector;
BEGIN
  SELECT coalesce(d.name, '') || ' ' || coalesce(d.slug, '') || ' ' || coalesce(t.name, '') || ' ' || coalesce(t.slug, ''), d.slug, t.slug
    INTO owner_and_domain, domain_slug, team_slug
    FROM (SELECT 1) one
    LEFT JOIN domains d ON d.id = NEW.domain_id
    LEFT JOIN teams t ON t.id = NEW.owner_team_id;

  -- Field names of each port's current (highest) schema version.
  SELECT string_agg(regexp_replace(f.path, '[^A-Za-z0-9]+', ' ', 'g'), ' ')
    INTO field_names
    FROM output_ports op
    JOIN LATERAL (
      SELECT sv.id FROM schema_versions sv WHERE sv.port_id = op.id ORDER BY sv.version DESC LIMIT 1
    ) cur ON true
    JOIN schema_fields f ON f.schema_version_id = cur.id
   WHERE op.product_id = NEW.id;

  title :=
       setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
    || setweight(to_tsvector('english', regexp_replace(array_to_string(NEW.tags, ' '), '[-_]+', ' ', 'g')), 'B')
    || setweight(to_tsvector('english', coalesce(owner_and_domain, '')), 'C');
  facets := array_to_tsvector(
       ARRAY['kind=' || NEW.kind::text, 'domain=' || coalesce(domain_slug, '-'), 'owner=' || coalesce(team_slug, '-')]
    || ARRAY(SELECT DISTINCT 'tag=' || x FROM unnest(NEW.tags) x)
    || ARRAY(SELECT DISTINCT 'pt=' || x::text FROM unnest(NEW.port_types) x));
  NEW.title_vector := title || facets;
  INSERT INTO search_words (word)
  SELECT DISTINCT w
    FROM regexp_split_to_table(lower(
           coalesce(NEW.name, '') || ' ' || array_to_string(NEW.tags, ' ') || ' ' || coalesce(owner_and_domain, '') || ' '
           || coalesce(NEW.summary, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce(field_names, '')), '[^[:alnum:]]+') w
   WHERE length(w) BETWEEN 3 AND 40
   ORDER BY 1 -- one lock order, so concurrent saves cannot deadlock on shared words
  ON CONFLICT DO NOTHING;
  NEW.search_vector := title || facets
    || setweight(to_tsvector('english', coalesce(NEW.summary, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce(field_names, '')), 'D');
  RETURN NEW;
END;
$$;

DROP TRIGGER data_products_search_refresh ON data_products;
CREATE TRIGGER data_products_search_refresh
  BEFORE INSERT OR UPDATE OF name, tags, summary, description, kind, domain_id, owner_team_id, port_types, search_vector
  ON data_products
  FOR EACH ROW EXECUTE FUNCTION data_products_search_refresh();

-- The product's port types, denormalized for the port-type facet (a join per candidate row
-- cost ~40 ms at 100k products).
CREATE OR REPLACE FUNCTION output_ports_port_types() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_products p
     SET port_types = coalesce((SELECT array_agg(DISTINCT op.type ORDER BY op.type) FROM output_ports op WHERE op.product_id = p.id), '{}')
   WHERE p.id IN (SELECT product_id FROM changed);
  RETURN NULL;
END;
$$;

CREATE TRIGGER output_ports_port_types_insert AFTER INSERT ON output_ports
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION output_ports_port_types();
CREATE TRIGGER output_ports_port_types_update AFTER UPDATE ON output_ports
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION output_ports_port_types();
CREATE TRIGGER output_ports_port_types_delete AFTER DELETE ON output_ports
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION output_ports_port_types();

-- Backfill: touching search_vector re-runs the search trigger (vectors and words) for every product.
UPDATE data_products p
   SET search_vector = NULL,
       port_types = coalesce((SELECT array_agg(DISTINCT op.type ORDER BY op.type) FROM output_ports op WHERE op.product_id = p.id), '{}');
