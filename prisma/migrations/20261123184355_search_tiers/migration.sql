-- DropIndex
DROP INDEX "data_products_kind_idx";

-- AlterTable
ALTER TABLE "data_products" ADD COLUMN     "contract_extras" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "port_types" "PortType"[] DEFAULT ARRAY[]::"PortType"[],
ADD COLUMN     "title_vector" tsvector;

-- CreateIndex
CREATE INDEX "data_products_title_vector_idx" ON "data_products" USING GIN ("title_vector");

-- CreateIndex
CREATE INDEX "data_products_name_idx" ON "data_products"("name");
