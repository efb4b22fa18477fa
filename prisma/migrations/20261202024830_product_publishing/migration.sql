-- CreateEnum
CREATE TYPE "PortState" AS ENUM ('DRAFT', 'PROVISIONING', 'ACTIVE', 'FAILED', 'RETIRING', 'RETIRED');

-- CreateEnum
CREATE TYPE "CleanupPolicy" AS ENUM ('DELETE', 'COMPACT');

-- AlterTable
ALTER TABLE "data_products" ADD COLUMN     "deprecation_message" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "published_at" TIMESTAMPTZ(3),
ADD COLUMN     "retired_at" TIMESTAMPTZ(3),
ADD COLUMN     "successor_id" UUID,
ADD COLUMN     "sunset_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "input_ports" ADD COLUMN     "flag_reason" TEXT,
ADD COLUMN     "flagged_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "output_ports" ADD COLUMN     "cleanup_policy" "CleanupPolicy",
ADD COLUMN     "key_description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "owner_acls" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "partitions" INTEGER,
ADD COLUMN     "predecessor_id" UUID,
ADD COLUMN     "provisioned_at" TIMESTAMPTZ(3),
ADD COLUMN     "provisioning_error" TEXT,
ADD COLUMN     "retention_hours" INTEGER,
ADD COLUMN     "state" "PortState" NOT NULL DEFAULT 'ACTIVE';

-- CreateIndex
CREATE UNIQUE INDEX "output_ports_predecessor_id_key" ON "output_ports"("predecessor_id");

-- CreateIndex
CREATE INDEX "output_ports_state_updated_at_idx" ON "output_ports"("state", "updated_at");

-- AddForeignKey
ALTER TABLE "data_products" ADD CONSTRAINT "data_products_successor_id_fkey" FOREIGN KEY ("successor_id") REFERENCES "data_products"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "output_ports" ADD CONSTRAINT "output_ports_predecessor_id_fkey" FOREIGN KEY ("predecessor_id") REFERENCES "output_ports"("id") ON DELETE SET NULL ON UPDATE CASCADE;
