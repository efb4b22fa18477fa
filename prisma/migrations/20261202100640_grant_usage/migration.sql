-- AlterTable
ALTER TABLE "grants" ADD COLUMN     "unused_flagged_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "topic_offset_samples" (
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" BIGINT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "topic_offset_samples_pkey" PRIMARY KEY ("topic","partition","offset")
);

-- CreateTable
CREATE TABLE "group_offset_marks" (
    "group_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" BIGINT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "group_offset_marks_pkey" PRIMARY KEY ("group_id","topic","partition")
);

-- CreateIndex
CREATE INDEX "topic_offset_samples_observed_at_idx" ON "topic_offset_samples"("observed_at");

-- CreateIndex
CREATE INDEX "group_offset_marks_topic_idx" ON "group_offset_marks"("topic");
