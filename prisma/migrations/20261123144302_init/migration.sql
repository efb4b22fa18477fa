-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "PlatformRole" AS ENUM ('USER', 'ADMIN');

-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('MEMBER', 'OWNER');

-- CreateEnum
CREATE TYPE "ProductKind" AS ENUM ('SOURCE_ALIGNED', 'AGGREGATE', 'CONSUMER_ALIGNED');

-- CreateEnum
CREATE TYPE "Lifecycle" AS ENUM ('DRAFT', 'EXPERIMENTAL', 'ACTIVE', 'DEPRECATED', 'RETIRED');

-- CreateEnum
CREATE TYPE "PortType" AS ENUM ('KAFKA_TOPIC', 'TABLE', 'FILE');

-- CreateEnum
CREATE TYPE "Compatibility" AS ENUM ('BACKWARD', 'FORWARD', 'FULL', 'NONE');

-- CreateEnum
CREATE TYPE "SchemaFormat" AS ENUM ('JSON_SCHEMA', 'AVRO');

-- CreateEnum
CREATE TYPE "Classification" AS ENUM ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'PII');

-- CreateEnum
CREATE TYPE "AccessRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'DENIED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "GrantStatus" AS ENUM ('PROVISIONING', 'ACTIVE', 'FAILED', 'REVOKING', 'REVOKED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "LineageDirection" AS ENUM ('INPUT', 'OUTPUT');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "PlatformRole" NOT NULL DEFAULT 'USER',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teams" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kafka_principal" TEXT NOT NULL,
    "domain_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_memberships" (
    "user_id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "role" "TeamRole" NOT NULL DEFAULT 'MEMBER',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_memberships_pkey" PRIMARY KEY ("user_id","team_id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "domains" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "domains_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_products" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "ProductKind" NOT NULL,
    "lifecycle" "Lifecycle" NOT NULL DEFAULT 'ACTIVE',
    "domain_id" UUID NOT NULL,
    "owner_team_id" UUID NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "service_levels" JSONB NOT NULL DEFAULT '{}',
    "terms_of_use" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "search_vector" tsvector,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "data_products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "output_ports" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "type" "PortType" NOT NULL,
    "address" TEXT NOT NULL,
    "server" TEXT NOT NULL DEFAULT '',
    "format" TEXT NOT NULL DEFAULT 'json',
    "compatibility" "Compatibility" NOT NULL DEFAULT 'BACKWARD',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "output_ports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schema_versions" (
    "id" UUID NOT NULL,
    "port_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "format" "SchemaFormat" NOT NULL,
    "definition" JSONB NOT NULL,
    "change_note" TEXT NOT NULL DEFAULT '',
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schema_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schema_fields" (
    "id" UUID NOT NULL,
    "schema_version_id" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "required" BOOLEAN NOT NULL DEFAULT false,
    "classification" "Classification" NOT NULL DEFAULT 'INTERNAL',
    "position" INTEGER NOT NULL,

    CONSTRAINT "schema_fields_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "input_ports" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "output_port_id" UUID NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "input_ports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_requests" (
    "id" UUID NOT NULL,
    "port_id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "requester_id" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "justification" TEXT NOT NULL DEFAULT '',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "AccessRequestStatus" NOT NULL DEFAULT 'PENDING',
    "decided_by_id" UUID,
    "decision_reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "access_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "grants" (
    "id" UUID NOT NULL,
    "request_id" UUID,
    "port_id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "principal" TEXT NOT NULL,
    "status" "GrantStatus" NOT NULL DEFAULT 'PROVISIONING',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "acls" JSONB NOT NULL DEFAULT '[]',
    "provisioning_error" TEXT,
    "provisioned_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lineage_jobs" (
    "id" UUID NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "facets" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lineage_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lineage_runs" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "state" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "facets" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "lineage_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lineage_events" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "payload_hash" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lineage_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lineage_datasets" (
    "id" UUID NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "output_port_id" UUID,
    "facets" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lineage_datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lineage_job_datasets" (
    "job_id" UUID NOT NULL,
    "dataset_id" UUID NOT NULL,
    "direction" "LineageDirection" NOT NULL,
    "column_lineage" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lineage_job_datasets_pkey" PRIMARY KEY ("job_id","dataset_id","direction")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "product_id" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "subject" TEXT,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "teams_slug_key" ON "teams"("slug");

-- CreateIndex
CREATE INDEX "team_memberships_team_id_idx" ON "team_memberships"("team_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "domains_slug_key" ON "domains"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "data_products_slug_key" ON "data_products"("slug");

-- CreateIndex
CREATE INDEX "data_products_domain_id_idx" ON "data_products"("domain_id");

-- CreateIndex
CREATE INDEX "data_products_owner_team_id_idx" ON "data_products"("owner_team_id");

-- CreateIndex
CREATE INDEX "data_products_kind_idx" ON "data_products"("kind");

-- CreateIndex
CREATE INDEX "data_products_updated_at_idx" ON "data_products"("updated_at");

-- CreateIndex
CREATE INDEX "data_products_search_vector_idx" ON "data_products" USING GIN ("search_vector");

-- CreateIndex
CREATE UNIQUE INDEX "output_ports_product_id_name_key" ON "output_ports"("product_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "output_ports_type_server_address_key" ON "output_ports"("type", "server", "address");

-- CreateIndex
CREATE UNIQUE INDEX "schema_versions_port_id_version_key" ON "schema_versions"("port_id", "version");

-- CreateIndex
CREATE INDEX "schema_fields_path_idx" ON "schema_fields"("path");

-- CreateIndex
CREATE UNIQUE INDEX "schema_fields_schema_version_id_path_key" ON "schema_fields"("schema_version_id", "path");

-- CreateIndex
CREATE INDEX "input_ports_output_port_id_idx" ON "input_ports"("output_port_id");

-- CreateIndex
CREATE UNIQUE INDEX "input_ports_product_id_output_port_id_key" ON "input_ports"("product_id", "output_port_id");

-- CreateIndex
CREATE INDEX "access_requests_port_id_status_idx" ON "access_requests"("port_id", "status");

-- CreateIndex
CREATE INDEX "access_requests_team_id_status_idx" ON "access_requests"("team_id", "status");

-- CreateIndex
CREATE INDEX "access_requests_requester_id_idx" ON "access_requests"("requester_id");

-- CreateIndex
CREATE UNIQUE INDEX "grants_request_id_key" ON "grants"("request_id");

-- CreateIndex
CREATE INDEX "grants_port_id_status_idx" ON "grants"("port_id", "status");

-- CreateIndex
CREATE INDEX "grants_team_id_status_idx" ON "grants"("team_id", "status");

-- CreateIndex
CREATE INDEX "grants_status_expires_at_idx" ON "grants"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "lineage_jobs_namespace_name_key" ON "lineage_jobs"("namespace", "name");

-- CreateIndex
CREATE INDEX "lineage_runs_job_id_idx" ON "lineage_runs"("job_id");

-- CreateIndex
CREATE UNIQUE INDEX "lineage_events_payload_hash_key" ON "lineage_events"("payload_hash");

-- CreateIndex
CREATE INDEX "lineage_datasets_output_port_id_idx" ON "lineage_datasets"("output_port_id");

-- CreateIndex
CREATE UNIQUE INDEX "lineage_datasets_namespace_name_key" ON "lineage_datasets"("namespace", "name");

-- CreateIndex
CREATE INDEX "lineage_job_datasets_dataset_id_idx" ON "lineage_job_datasets"("dataset_id");

-- CreateIndex
CREATE INDEX "audit_events_subject_type_subject_id_idx" ON "audit_events"("subject_type", "subject_id");

-- CreateIndex
CREATE INDEX "audit_events_product_id_occurred_at_idx" ON "audit_events"("product_id", "occurred_at");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_created_at_idx" ON "outbox_events"("published_at", "created_at");

-- AddForeignKey
ALTER TABLE "teams" ADD CONSTRAINT "teams_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_products" ADD CONSTRAINT "data_products_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_products" ADD CONSTRAINT "data_products_owner_team_id_fkey" FOREIGN KEY ("owner_team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "output_ports" ADD CONSTRAINT "output_ports_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "data_products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schema_versions" ADD CONSTRAINT "schema_versions_port_id_fkey" FOREIGN KEY ("port_id") REFERENCES "output_ports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schema_versions" ADD CONSTRAINT "schema_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schema_fields" ADD CONSTRAINT "schema_fields_schema_version_id_fkey" FOREIGN KEY ("schema_version_id") REFERENCES "schema_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "input_ports" ADD CONSTRAINT "input_ports_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "data_products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "input_ports" ADD CONSTRAINT "input_ports_output_port_id_fkey" FOREIGN KEY ("output_port_id") REFERENCES "output_ports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_port_id_fkey" FOREIGN KEY ("port_id") REFERENCES "output_ports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_port_id_fkey" FOREIGN KEY ("port_id") REFERENCES "output_ports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lineage_runs" ADD CONSTRAINT "lineage_runs_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "lineage_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lineage_events" ADD CONSTRAINT "lineage_events_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "lineage_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lineage_datasets" ADD CONSTRAINT "lineage_datasets_output_port_id_fkey" FOREIGN KEY ("output_port_id") REFERENCES "output_ports"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lineage_job_datasets" ADD CONSTRAINT "lineage_job_datasets_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "lineage_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lineage_job_datasets" ADD CONSTRAINT "lineage_job_datasets_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "lineage_datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "data_products"("id") ON DELETE SET NULL ON UPDATE CASCADE;
