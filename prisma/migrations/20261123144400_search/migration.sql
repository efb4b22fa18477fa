-- Hand-written: full-text search document of a data product, kept current by triggers.
-- Weights: A name · B tags · C domain and owner team · D summary, docs and schema field names.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION data_products_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  owner_and_domain text;
  field_names text;
BEGIN
  SELECT coalesce(d.name, '') || ' ' || coalesce(d.slug, '') || ' ' || coalesce(t.name, '') || ' ' || coalesce(t.slug, '')
    INTO owner_and_domain
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

  NEW.search_vector :=
       setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
    || setweight(to_tsvector('english', regexp_replace(array_to_string(NEW.tags, ' '), '[-_]+', ' ', 'g')), 'B')
    || setweight(to_tsvector('english', coalesce(owner_and_domain, '')), 'C')
    || setweight(to_tsvector('english', coalesce(NEW.summary, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce(field_names, '')), 'D');
  RETURN NEW;
END;
$$;

CREATE TRIGGER data_products_search_refresh
  BEFORE INSERT OR UPDATE OF name, tags, summary, description, domain_id, owner_team_id, search_vector
  ON data_products
  FOR EACH ROW EXECUTE FUNCTION data_products_search_refresh();

-- A new schema version changes the field names: recompute the owning products' documents.
CREATE OR REPLACE FUNCTION schema_fields_touch_products() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_products p SET search_vector = NULL
    FROM output_ports op
   WHERE op.product_id = p.id
     AND op.id IN (SELECT sv.port_id FROM schema_versions sv WHERE sv.id IN (SELECT schema_version_id FROM inserted));
  RETURN NULL;
END;
$$;

CREATE TRIGGER schema_fields_search_refresh
  AFTER INSERT ON schema_fields
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION schema_fields_touch_products();

-- Renaming a domain or team changes the weight-C text of their products.
CREATE OR REPLACE FUNCTION domains_teams_touch_products() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'domains' THEN
    UPDATE data_products SET search_vector = NULL WHERE domain_id = NEW.id;
  ELSE
    UPDATE data_products SET search_vector = NULL WHERE owner_team_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER domains_search_refresh AFTER UPDATE OF name, slug ON domains
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug)
  EXECUTE FUNCTION domains_teams_touch_products();
CREATE TRIGGER teams_search_refresh AFTER UPDATE OF name, slug ON teams
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug)
  EXECUTE FUNCTION domains_teams_touch_products();
