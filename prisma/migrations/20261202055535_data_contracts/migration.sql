-- CreateEnum
CREATE TYPE "ContractStatus" AS ENUM ('PROPOSED', 'DRAFT', 'ACTIVE', 'DEPRECATED', 'RETIRED');

-- CreateEnum
CREATE TYPE "CheckStatus" AS ENUM ('PASSING', 'FAILING', 'NOT_EVALUATED');

-- CreateEnum
CREATE TYPE "IncidentState" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateTable
CREATE TABLE "data_contracts" (
    "port_id" UUID NOT NULL,
    "contract_id" TEXT NOT NULL,
    "version" TEXT NOT NULL DEFAULT '1.0.0',
    "status" "ContractStatus" NOT NULL DEFAULT 'ACTIVE',
    "document" JSONB NOT NULL DEFAULT '{}',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "check_status" "CheckStatus" NOT NULL DEFAULT 'NOT_EVALUATED',
    "checked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "data_contracts_pkey" PRIMARY KEY ("port_id")
);

-- CreateTable
CREATE TABLE "data_contract_versions" (
    "id" UUID NOT NULL,
    "port_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "contract_id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" "ContractStatus" NOT NULL,
    "document" JSONB NOT NULL,
    "schema_version" INTEGER,
    "port_description" TEXT NOT NULL DEFAULT '',
    "change_note" TEXT NOT NULL DEFAULT '',
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_contract_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_check_windows" (
    "id" UUID NOT NULL,
    "port_id" UUID NOT NULL,
    "rule" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_seconds" INTEGER NOT NULL,
    "status" "CheckStatus" NOT NULL,
    "measured" DOUBLE PRECISION,
    "sample_size" INTEGER NOT NULL,
    "seen" INTEGER NOT NULL,
    "failures" INTEGER NOT NULL,
    "example" JSONB,
    "detail" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_check_windows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_incidents" (
    "id" UUID NOT NULL,
    "port_id" UUID NOT NULL,
    "rule" TEXT NOT NULL,
    "state" "IncidentState" NOT NULL DEFAULT 'OPEN',
    "message" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_failed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by_id" UUID,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" UUID,
    "resolution" TEXT,

    CONSTRAINT "contract_incidents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "data_contracts_contract_id_key" ON "data_contracts"("contract_id");

-- CreateIndex
CREATE INDEX "data_contracts_check_status_idx" ON "data_contracts"("check_status");

-- CreateIndex
CREATE UNIQUE INDEX "data_contract_versions_port_id_revision_key" ON "data_contract_versions"("port_id", "revision");

-- CreateIndex
CREATE INDEX "contract_check_windows_window_start_idx" ON "contract_check_windows"("window_start");

-- CreateIndex
CREATE UNIQUE INDEX "contract_check_windows_port_id_rule_window_start_window_sec_key" ON "contract_check_windows"("port_id", "rule", "window_start", "window_seconds");

-- CreateIndex
CREATE INDEX "contract_incidents_port_id_state_idx" ON "contract_incidents"("port_id", "state");

-- AddForeignKey
ALTER TABLE "data_contracts" ADD CONSTRAINT "data_contracts_port_id_fkey" FOREIGN KEY ("port_id") REFERENCES "output_ports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_contract_versions" ADD CONSTRAINT "data_contract_versions_port_id_fkey" FOREIGN KEY ("port_id") REFERENCES "output_ports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_contract_versions" ADD CONSTRAINT "data_contract_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_check_windows" ADD CONSTRAINT "contract_check_windows_port_id_fkey" FOREIGN KEY ("port_id") REFERENCES "output_ports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_incidents" ADD CONSTRAINT "contract_incidents_port_id_fkey" FOREIGN KEY ("port_id") REFERENCES "output_ports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_incidents" ADD CONSTRAINT "contract_incidents_acknowledged_by_id_fkey" FOREIGN KEY ("acknowledged_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_incidents" ADD CONSTRAINT "contract_incidents_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: at most one unresolved incident per port and rule.
CREATE UNIQUE INDEX "contract_incidents_one_open" ON "contract_incidents"("port_id", "rule") WHERE "state" <> 'RESOLVED';

-- Hand-written data migration: every existing port gets its contract, from what its product's
-- contract said so far (version, status, the ODCS content Meshport kept), and its first version.
INSERT INTO "data_contracts" ("port_id", "contract_id", "version", "status", "document", "updated_at")
SELECT p."id",
       gen_random_uuid()::text,
       COALESCE(d."contract_extras"->>'version', '1.0.0'),
       (CASE d."lifecycle"::text
          WHEN 'DRAFT' THEN 'DRAFT'
          WHEN 'DEPRECATED' THEN 'DEPRECATED'
          WHEN 'RETIRED' THEN 'RETIRED'
          ELSE 'ACTIVE' END)::"ContractStatus",
       COALESCE(d."contract_extras", '{}'::jsonb) - 'version' - 'status' - 'servers' - 'id' - 'kind' - 'apiVersion',
       CURRENT_TIMESTAMP
FROM "output_ports" p JOIN "data_products" d ON d."id" = p."product_id";

INSERT INTO "data_contract_versions" ("id", "port_id", "revision", "contract_id", "version", "status", "document", "schema_version", "port_description", "change_note")
SELECT gen_random_uuid(), c."port_id", 1, c."contract_id", c."version", c."status", c."document",
       (SELECT max(s."version") FROM "schema_versions" s WHERE s."port_id" = c."port_id"),
       p."description", 'Created from the product''s contract'
FROM "data_contracts" c JOIN "output_ports" p ON p."id" = c."port_id";
