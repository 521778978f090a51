-- AlterTable
ALTER TABLE "analyses" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "patches" ADD COLUMN     "detail" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "proposal_items" ADD COLUMN     "applyStatus" TEXT NOT NULL DEFAULT 'applied',
ADD COLUMN     "editId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "flags" JSONB NOT NULL DEFAULT '[]';

-- CreateIndex
CREATE INDEX "analyses_runId_position_idx" ON "analyses"("runId", "position");
