-- AlterTable
ALTER TABLE "pools" ADD COLUMN     "holdoutRatio" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "trajectories" ADD COLUMN     "importedOutcome" "Outcome",
ADD COLUMN     "importedReward" DOUBLE PRECISION,
ADD COLUMN     "labelSource" TEXT NOT NULL DEFAULT 'import',
ADD COLUMN     "labeledAt" TIMESTAMP(3),
ADD COLUMN     "labeledById" TEXT,
ADD COLUMN     "secretCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "secretCounts" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "secretKinds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "secretSteps" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateIndex
CREATE INDEX "trajectories_poolId_split_id_idx" ON "trajectories"("poolId", "split", "id");

-- CreateIndex
CREATE INDEX "trajectories_poolId_secretCount_idx" ON "trajectories"("poolId", "secretCount");

-- Rows imported before this migration: what they carry now is what the grader said at import.
UPDATE "trajectories" SET "importedOutcome" = "outcome", "importedReward" = "reward" WHERE "labelSource" = 'import';
