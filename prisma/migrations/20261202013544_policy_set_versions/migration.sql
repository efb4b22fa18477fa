-- CreateTable
CREATE TABLE "policy_set_versions" (
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,

    CONSTRAINT "policy_set_versions_pkey" PRIMARY KEY ("version")
);

-- AddForeignKey
ALTER TABLE "policy_set_versions" ADD CONSTRAINT "policy_set_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
