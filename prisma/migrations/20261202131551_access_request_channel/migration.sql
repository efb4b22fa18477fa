-- CreateEnum
CREATE TYPE "RequestChannel" AS ENUM ('PORTAL', 'API', 'MCP');

-- AlterTable
ALTER TABLE "access_requests" ADD COLUMN     "filed_via" "RequestChannel" NOT NULL DEFAULT 'PORTAL';
