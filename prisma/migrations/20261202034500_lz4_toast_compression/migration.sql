-- Import throughput: the large values an import writes (step chunks, search words, metadata) are
-- TOAST-compressed with lz4 instead of pglz, which costs the server about half the CPU per row.
-- Only new values are affected. PGlite is built without lz4: there the columns keep pglz.
DO $$
BEGIN
  ALTER TABLE "step_chunks" ALTER COLUMN "steps" SET COMPRESSION lz4;
  ALTER TABLE "trajectories" ALTER COLUMN "searchText" SET COMPRESSION lz4;
  ALTER TABLE "trajectories" ALTER COLUMN "metadata" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available in this server: TOAST compression stays pglz';
END $$;

-- Upload chunks are DEFLATE-compressed by the app already (or kept raw when they do not shrink):
-- the server need not try again.
ALTER TABLE "upload_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
