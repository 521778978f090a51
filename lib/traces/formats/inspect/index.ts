import type { TFormat, TParsed, TParseOptions, TProbe } from "../../format";
import { readText, type TSourceFile } from "../../source";
import { mapSample, readEvalSpec, SampleError, type TEvalSpec } from "./sample";
import { streamZipEntries } from "./zip-entries";

// Inspect AI eval logs (doc §A9): a `.json` log holds header and samples in one document; a `.eval`
// log is a ZIP with header.json, _journal/start.json and one samples/<id>_epoch_<n>.json per sample.
// One trajectory per (sample id, epoch).

type TRecord = Record<string, unknown>;

const SAMPLE_ENTRY = /^samples\/.+_epoch_\d+\.json$/;
const HEADER_ENTRIES = new Set(["_journal/start.json", "header.json"]);

export const inspectFormat: TFormat = {
  id: "inspect",
  label: "Inspect AI eval log",
  detect: (probe) => isEvalZip(probe) || isJsonLog(probe.json),
  parse: parseInspect,
};

function isEvalZip(probe: TProbe): boolean {
  const b = probe.bytes;
  const zip = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  // Entry names are stored in clear in the local headers, so the first ones are visible in the head.
  return zip && /_journal\/start\.json|header\.json|samples\/[^/\0]+_epoch_\d+\.json/.test(probe.head);
}

function isJsonLog(json: unknown): boolean {
  if (!json || typeof json !== "object" || Array.isArray(json)) return false;
  const o = json as TRecord;
  return Number.isInteger(o.version) && !!o.eval && typeof o.eval === "object" && ("samples" in o || "results" in o || "status" in o);
}

async function* parseInspect(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed> {
  const head = await file.head();
  const zip = head[0] === 0x50 && head[1] === 0x4b;
  yield* zip ? parseEvalZip(file, opts) : parseJsonLog(file, opts);
}

async function* parseJsonLog(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed> {
  let log: TRecord;
  try {
    const parsed: unknown = JSON.parse(await readText(file));
    if (!isJsonLog(parsed)) {
      yield reject(file, "not an Inspect log: expected {version, eval, samples}");
      return;
    }
    log = parsed as TRecord;
  } catch (err) {
    yield reject(file, `invalid JSON: ${(err as Error).message}`);
    return;
  }
  const samples = Array.isArray(log.samples) ? log.samples : [];
  if (!samples.length) {
    yield reject(file, `log contains no samples (status ${String(log.status ?? "unknown")})`, "samples");
    return;
  }
  const spec = readEvalSpec(log);
  for (let i = 0; i < samples.length; i++) yield mapOne(samples[i], spec, file, opts, `samples[${i}]`);
}

async function* parseEvalZip(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed> {
  // The header is written last (after the samples); the journal's start.json comes first. A cheap
  // first pass inflates only those, a second pass streams the samples one at a time.
  let spec: TEvalSpec = {};
  let seen = 0;
  try {
    for await (const entry of streamZipEntries(file, (n) => HEADER_ENTRIES.has(n))) {
      spec = mergeSpec(spec, readEvalSpec(JSON.parse(Buffer.from(entry.data).toString("utf8")) as TRecord));
      if (entry.name === "header.json") break;
    }
    for await (const entry of streamZipEntries(file, (n) => SAMPLE_ENTRY.test(n))) {
      seen++;
      let sample: unknown;
      try {
        sample = JSON.parse(Buffer.from(entry.data).toString("utf8"));
      } catch (err) {
        yield reject(file, `invalid JSON: ${(err as Error).message}`, undefined, entry.name);
        continue;
      }
      yield mapOne(sample, spec, file, opts, entry.name);
    }
  } catch (err) {
    yield reject(file, `unreadable .eval archive: ${(err as Error).message}`);
    return;
  }
  if (!seen) yield reject(file, "archive contains no samples/<id>_epoch_<n>.json entries", "samples");
}

function mapOne(sample: unknown, spec: TEvalSpec, file: TSourceFile, opts: TParseOptions, record: string): TParsed {
  if (!sample || typeof sample !== "object" || Array.isArray(sample)) return reject(file, "sample is not an object", undefined, record);
  try {
    return { kind: "trajectory", trajectory: mapSample(sample as TRecord, spec, file.name, opts.successThreshold), record };
  } catch (err) {
    const field = err instanceof SampleError ? err.field : undefined;
    return reject(file, (err as Error).message, field, record);
  }
}

/** header.json (complete) wins over _journal/start.json field by field. */
function mergeSpec(a: TEvalSpec, b: TEvalSpec): TEvalSpec {
  const out: TEvalSpec = { ...a };
  for (const [k, v] of Object.entries(b)) if (v !== undefined) (out as TRecord)[k] = v;
  return out;
}

function reject(file: TSourceFile, reason: string, field?: string, record?: string): TParsed {
  return { kind: "rejected", issue: { file: file.name, reason, ...(field ? { field } : {}), ...(record ? { record } : {}) } };
}
