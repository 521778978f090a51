-- AlterTable
ALTER TABLE "uploads" DROP COLUMN "report",
ADD COLUMN     "startedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "trajectories" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sourceLine" INTEGER,
ADD COLUMN     "sourceRecord" TEXT;

-- CreateTable
CREATE TABLE "upload_files" (
    "id" TEXT NOT NULL,
    "uploadId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "archive" TEXT,
    "size" BIGINT NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "format" TEXT,
    "status" TEXT NOT NULL DEFAULT 'stored',
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "issues" JSONB NOT NULL DEFAULT '[]',
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "upload_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upload_chunks" (
    "fileId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "upload_chunks_pkey" PRIMARY KEY ("fileId","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "upload_files_uploadId_name_key" ON "upload_files"("uploadId", "name");

-- CreateIndex
CREATE INDEX "trajectories_poolId_id_idx" ON "trajectories"("poolId", "id");

-- AddForeignKey
ALTER TABLE "upload_files" ADD CONSTRAINT "upload_files_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "uploads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upload_chunks" ADD CONSTRAINT "upload_chunks_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "upload_files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Full-text search over instruction and step text. An expression index, which schema.prisma cannot
-- describe; added by hand (the offline differ compares schema snapshots, so it stays out of diffs).
CREATE INDEX "trajectories_searchText_fts_idx" ON "trajectories" USING GIN (to_tsvector('simple', "searchText"));
