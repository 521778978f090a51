// Node flags of every process that runs imports as a worker (the launcher's workers, `npm run
// worker`, and the import benchmark, which measures a worker). A bounded old space makes V8 collect
// before the process grows: an import streams in bounded batches, and with Node's default limit (a
// quarter of the machine's memory) garbage piles up to > 512 MB RSS (measured 563–653 MB on a
// 100 MB import; 386 MB with this flag). 448 MB is the smallest limit measured to still carry two
// records of 60 MB (the line guard admits up to 64 MB) through parse, hash and write; 384 ran out.
export const WORKER_NODE_FLAGS = ["--max-old-space-size=448"];
