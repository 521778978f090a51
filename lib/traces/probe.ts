import type { TProbe } from "./format";
import { readText, type TSourceFile } from "./source";

// The facts detectors look at, built once per file: the head (text and bytes), the whole JSON
// document when it is small enough, and the first few JSONL lines parsed.

const HEAD_BYTES = 64 * 1024;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const PROBE_LINES = 5;

export async function buildProbe(file: TSourceFile): Promise<TProbe> {
  const bytes = (await file.head()).subarray(0, HEAD_BYTES);
  const head = Buffer.from(bytes).toString("utf8");
  const json = file.size <= MAX_JSON_BYTES ? await parseWhole(file) : undefined;
  const lines = (await readFirstLines(file)).map(parseLine);
  return { name: file.name, size: file.size, head, bytes, json, lines };
}

async function parseWhole(file: TSourceFile): Promise<unknown> {
  try {
    return JSON.parse(await readText(file));
  } catch {
    return undefined;
  }
}

/**
 * The first non-empty lines, read from the stream rather than the head so that JSONL records
 * longer than 64 KiB (OpenHands EvalOutput, Claude Code tool output) still parse; reading stops
 * after MAX_JSON_BYTES so a huge single-line file is never held whole.
 */
async function readFirstLines(file: TSourceFile): Promise<string[]> {
  const lines: string[] = [];
  const stream = file.stream();
  let pending = Buffer.alloc(0);
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.from(chunk as Uint8Array);
      total += buf.length;
      pending = Buffer.concat([pending, buf]);
      let nl: number;
      while ((nl = pending.indexOf(10)) >= 0 && lines.length < PROBE_LINES) {
        const text = pending.subarray(0, nl).toString("utf8").trim();
        pending = pending.subarray(nl + 1);
        if (text) lines.push(text);
      }
      if (lines.length >= PROBE_LINES || total > MAX_JSON_BYTES) break;
    }
  } catch {
    // An unreadable stream leaves whatever lines were already complete.
  } finally {
    stream.destroy();
  }
  const rest = pending.toString("utf8").trim();
  if (lines.length < PROBE_LINES && rest && total <= MAX_JSON_BYTES) lines.push(rest);
  return lines;
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
