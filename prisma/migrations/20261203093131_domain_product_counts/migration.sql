-- CreateTable
CREATE TABLE "domain_product_counts" (
    "domain_id" UUID NOT NULL,
    "owner_team_id" UUID NOT NULL,
    "lifecycle" "Lifecycle" NOT NULL,
    "n" BIGINT NOT NULL,

    CONSTRAINT "domain_product_counts_pkey" PRIMARY KEY ("domain_id","owner_team_id","lifecycle")
);

-- AddForeignKey
ALTER TABLE "domain_product_counts" ADD CONSTRAINT "domain_product_counts_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "domain_product_counts" ADD CONSTRAINT "domain_product_counts_owner_team_id_fkey" FOREIGN KEY ("owner_team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
