import type { TTrajectory } from "./model";
import type { TSourceFile } from "./source";

// The contract of one trace format module (lib/traces/formats/<id>.ts).

/** Cheap facts about a file for detection. */
export type TProbe = {
  name: string;
  size: number;
  /** First bytes as text (at most 64 KiB). */
  head: string;
  /** First bytes raw (zip signatures). */
  bytes: Uint8Array;
  /** The whole document parsed, when the file is JSON and small enough to parse for detection. */
  json?: unknown;
  /** The first non-empty lines parsed as JSON (JSONL files); entries are undefined where a line is not JSON. */
  lines: unknown[];
};

export type TParseOptions = {
  /** Reward at or above which a fractional grader result counts as success (default 1). */
  successThreshold: number;
};

/** Where a rejected record was and why: shown to the user as file, line/record and reason. */
export type TParseIssue = { file: string; line?: number; record?: string; field?: string; reason: string };

export type TParsed =
  | { kind: "trajectory"; trajectory: TTrajectory; line?: number; record?: string }
  | { kind: "rejected"; issue: TParseIssue };

export type TFormat = {
  id: string;
  label: string;
  /** True when this format claims the file. Formats are tried in the documented detection order. */
  detect(probe: TProbe): boolean;
  /** Streams the file's trajectories; a bad record yields `rejected` and parsing goes on. */
  parse(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed>;
  /**
   * Files of an upload that are parts of another file's trajectory (sub-agent logs, continuation
   * segments, grader results) and so must not be imported on their own.
   */
  secondaryFiles?(names: string[]): string[];
};

export const DEFAULT_PARSE_OPTIONS: TParseOptions = { successThreshold: 1 };
