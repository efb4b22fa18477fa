-- CreateTable
CREATE TABLE "notifier_offsets" (
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "next_offset" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notifier_offsets_pkey" PRIMARY KEY ("topic","partition")
);
