// The corpus test kit now lives in lib/testing/corpus.ts; re-exported here for the LLM-API and tracing format tests.
export { CORPUS, collect, corpusFiles, parseCorpusFile, parseMemory, probeCorpus } from "../../testing/corpus";
