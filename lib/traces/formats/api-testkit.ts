import fs from "node:fs";
import path from "node:path";
import { DEFAULT_PARSE_OPTIONS, type TFormat, type TParsed, type TParseOptions, type TProbe } from "../format";
import type { TTrajectory } from "../model";
import { buildProbe } from "../probe";
import { diskFiles, memoryFiles } from "../source";

// Test helpers for the LLM-API and tracing format tests: the shared corpus (read in place, relative
// to the repo root) and parse-everything shortcuts.

export const CORPUS = path.resolve("../shared/corpus");

/** Every corpus file as "<format dir>/<file>", SOURCES.md and other notes excluded. */
export function corpusFiles(): string[] {
  return fs
    .readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(CORPUS, d.name)).map((f) => `${d.name}/${f}`))
    .filter((f) => !/\.md$/i.test(f))
    .sort();
}

export async function probeCorpus(): Promise<{ name: string; probe: TProbe }[]> {
  const names = corpusFiles();
  return Promise.all(diskFiles(CORPUS, names).map(async (f) => ({ name: f.name, probe: await buildProbe(f) })));
}

export async function collect(format: TFormat, file: Parameters<TFormat["parse"]>[0], opts: TParseOptions = DEFAULT_PARSE_OPTIONS): Promise<TParsed[]> {
  const out: TParsed[] = [];
  for await (const item of format.parse(file, opts)) out.push(item);
  return out;
}

/** Parses one corpus file and returns its trajectories, failing on any rejected item. */
export async function parseCorpusFile(format: TFormat, name: string, opts?: TParseOptions): Promise<TTrajectory[]> {
  const [file] = diskFiles(CORPUS, [name]);
  const items = await collect(format, file, opts);
  const rejected = items.filter((i) => i.kind === "rejected");
  if (rejected.length) throw new Error(`rejected: ${JSON.stringify(rejected)}`);
  return items.flatMap((i) => (i.kind === "trajectory" ? [i.trajectory] : []));
}

export async function parseMemory(format: TFormat, name: string, content: string, opts?: TParseOptions): Promise<TParsed[]> {
  const [file] = memoryFiles({ [name]: content });
  return collect(format, file, opts);
}
