-- CreateIndex
CREATE INDEX "data_products_name_trgm_idx" ON "data_products" USING GIN ("name" gin_trgm_ops);
