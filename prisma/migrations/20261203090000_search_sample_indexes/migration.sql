-- Hand-written: both search vectors are also indexed for a 256th and a 16th of the products (a
-- hash of the id; partial GIN indexes), for the capped samples search takes: the candidates it
-- ranks and the products its facets count. A GIN scan builds a bitmap of *every* match before it
-- returns a row, and intersecting a word with frequent facet tokens (`kind=…`, `pt=…`) decodes
-- their whole posting lists: 20–35 ms at a million products. A sample reads the 256th, then the
-- rest of the 16th, then the rest, each only when what came before holds too few matches (see
-- `sample` in lib/catalog/search.ts). The share expressions get statistics, so the planner knows
-- how many products each holds.
CREATE INDEX "data_products_search_vector_256th_idx" ON "data_products" USING GIN ("search_vector")
  WHERE (uuid_hash("id") & 255) = 0;
CREATE INDEX "data_products_title_vector_256th_idx" ON "data_products" USING GIN ("title_vector")
  WHERE (uuid_hash("id") & 255) = 0;
CREATE INDEX "data_products_search_vector_16th_idx" ON "data_products" USING GIN ("search_vector")
  WHERE (uuid_hash("id") & 15) = 0;
CREATE INDEX "data_products_title_vector_16th_idx" ON "data_products" USING GIN ("title_vector")
  WHERE (uuid_hash("id") & 15) = 0;
CREATE STATISTICS "data_products_sample_share_stats" ON (uuid_hash("id") & 255), (uuid_hash("id") & 15) FROM "data_products";
ANALYZE "data_products";
