import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { DEFAULT_PARSE_OPTIONS, type TFormat, type TParsed, type TParseOptions, type TProbe } from "../traces/format";
import type { TTrajectory } from "../traces/model";
import { buildProbe } from "../traces/probe";
import { diskFiles, memoryFiles, type TSourceFile } from "../traces/source";

// Test kit for the trace-format tests: the shared corpus (read in place, relative to the repo root)
// and parse-everything shortcuts. Helpers named `only`/`parseCorpus` assert through vitest's expect;
// `parseCorpusFile` throws instead (the LLM-API and tracing tests use it outside an expect chain).

export const CORPUS = path.resolve("../shared/corpus");

/** The corpus directory of one format. */
export const corpusDir = (dir: string) => path.join(CORPUS, dir);

/** Every file under the corpus, recursively, as "<format dir>/<file>" (notes such as SOURCES.md included). */
export function corpusNames(): string[] {
  return fs
    .readdirSync(CORPUS, { recursive: true })
    .map(String)
    .filter((n) => fs.statSync(path.join(CORPUS, n)).isFile());
}

/** Every corpus file as "<format dir>/<file>", one level deep, SOURCES.md and other notes excluded. */
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

/** The corpus names (see corpusNames) that `format.detect` claims, sorted. */
export async function claimedBy(format: TFormat): Promise<string[]> {
  const claimed: string[] = [];
  for (const file of diskFiles(CORPUS, corpusNames())) if (format.detect(await buildProbe(file))) claimed.push(file.name);
  return claimed.sort();
}

/** One file of a format's corpus directory, named relative to it, with the rest of the directory as siblings. */
export function corpusFile(dir: string, name: string): TSourceFile {
  const root = corpusDir(dir);
  return diskFiles(root, fs.readdirSync(root)).find((f) => f.name === name)!;
}

export async function collect(format: TFormat, file: TSourceFile, opts: TParseOptions = DEFAULT_PARSE_OPTIONS): Promise<TParsed[]> {
  const out: TParsed[] = [];
  for await (const item of format.parse(file, opts)) out.push(item);
  return out;
}

/** The trajectories among parsed items. */
export const trajectories = (parsed: TParsed[]): TTrajectory[] => parsed.flatMap((p) => (p.kind === "trajectory" ? [p.trajectory] : []));

/** Parses a file that must yield exactly one trajectory and no rejected item. */
export async function only(format: TFormat, file: TSourceFile, opts?: TParseOptions): Promise<TTrajectory> {
  const parsed = await collect(format, file, opts);
  expect(parsed.filter((p) => p.kind === "rejected")).toEqual([]);
  expect(parsed).toHaveLength(1);
  return (parsed[0] as { trajectory: TTrajectory }).trajectory;
}

/** Parses one file of a format's corpus directory, expecting no rejected item; returns its trajectories. */
export async function parseCorpus(format: TFormat, dir: string, name: string, opts?: TParseOptions): Promise<TTrajectory[]> {
  const parsed = await collect(format, corpusFile(dir, name), opts);
  expect(parsed.filter((p) => p.kind === "rejected")).toEqual([]);
  return trajectories(parsed);
}

/** Parses one corpus file ("<format dir>/<file>") and returns its trajectories, failing on any rejected item. */
export async function parseCorpusFile(format: TFormat, name: string, opts?: TParseOptions): Promise<TTrajectory[]> {
  const [file] = diskFiles(CORPUS, [name]);
  const items = await collect(format, file, opts);
  const rejected = items.filter((i) => i.kind === "rejected");
  if (rejected.length) throw new Error(`rejected: ${JSON.stringify(rejected)}`);
  return trajectories(items);
}

export async function parseMemory(format: TFormat, name: string, content: string, opts?: TParseOptions): Promise<TParsed[]> {
  const [file] = memoryFiles({ [name]: content });
  return collect(format, file, opts);
}
