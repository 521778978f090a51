-- AlterTable
ALTER TABLE "upload_chunks" ADD COLUMN     "compressed" BOOLEAN NOT NULL DEFAULT false;
