-- AlterTable
ALTER TABLE "skill_files" ADD COLUMN     "data" BYTEA;
