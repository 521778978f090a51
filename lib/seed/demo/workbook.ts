import type { TRng } from "./prng";
import type { TAction } from "./types";

// Synthetic workbook contents and the way Python prints them, so that what the agent "sees" when it
// explores a file agrees with the numbers its scripts later compute.

export type TCell = string | number | null | { date: string };
/** `title` is a merged title row above the header, spanning `titleCols` columns (default: the header's). */
export type TSheet = { name: string; header: (string | null)[]; rows: TCell[][]; title?: string; titleCols?: number };
export type TWorkbook = { file: string; sheets: TSheet[] };

export const REGIONS = ["North", "South", "East", "West"] as const;
export const REPS = ["Avery", "Blake", "Chen", "Dana", "Eli", "Farah", "Gus", "Hana", "Ivan", "Jo"] as const;
export const PRODUCTS = ["Widget A", "Widget B", "Gadget Pro", "Gadget Mini", "Sensor Kit", "Cable Pack"] as const;
export const CUSTOMERS = ["Harbor Foods", "Lumen Labs", "Northwind Traders", "Pinecrest Dental", "Quarry & Co", "Redline Auto", "Silverleaf Hotels", "Tallis Print", "Umbra Media", "Vantage Steel"] as const;
export const DEPARTMENTS = ["Engineering", "Marketing", "Sales", "Support", "Finance", "Legal", "Operations"] as const;

export function colLetter(index1: number): string {
  let n = index1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function randomDate(rng: TRng, year: number): { date: string } {
  return { date: isoDate(year, rng.int(1, 12), rng.int(1, 28)) };
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** How Python's repr() prints a cell value read by openpyxl. */
export function pyRepr(v: TCell): string {
  if (v === null) return "None";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(round2(v));
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const [y, m, d] = v.date.split("-").map(Number);
  return `datetime.datetime(${y}, ${m}, ${d}, 0, 0)`;
}

export const pyTuple = (cells: TCell[]) => `(${cells.map(pyRepr).join(", ")}${cells.length === 1 ? "," : ""})`;

const width = (s: TSheet) => Math.max(s.header.length, s.title ? (s.titleCols ?? 0) : 0);

/** Every row as openpyxl reads it: padded with None up to the sheet's width. */
export function sheetRows(s: TSheet): TCell[][] {
  const w = width(s);
  const pad = (r: TCell[]) => [...r, ...Array<TCell>(Math.max(0, w - r.length)).fill(null)];
  return [...(s.title ? [pad([s.title])] : []), pad(s.header), ...s.rows.map(pad)];
}

export const dimensions = (s: TSheet) => `A1:${colLetter(width(s))}${sheetRows(s).length}`;
/** Row number of the first data row (after the optional merged title and the header). */
export const firstDataRow = (s: TSheet) => (s.title ? 3 : 2);
export const lastDataRow = (s: TSheet) => firstDataRow(s) + s.rows.length - 1;

export function exploreWorkbook(path: string, wb: TWorkbook, thought: string): TAction {
  const command = [
    "python3 - <<'EOF'",
    "from openpyxl import load_workbook",
    `wb = load_workbook("${path}")`,
    "print(wb.sheetnames)",
    "for ws in wb.worksheets:",
    "    print(ws.title, ws.dimensions, 'merged:', list(map(str, ws.merged_cells.ranges)))",
    "    for row in ws.iter_rows(min_row=1, max_row=4, values_only=True):",
    "        print('   ', row)",
    "EOF",
  ].join("\n");
  const out = [`[${wb.sheets.map((s) => `'${s.name}'`).join(", ")}]`];
  for (const s of wb.sheets) {
    const merged = s.title ? `['A1:${colLetter(width(s))}1']` : "[]";
    out.push(`${s.name} ${dimensions(s)} merged: ${merged}`);
    for (const r of sheetRows(s).slice(0, 4)) out.push(`    ${pyTuple(r)}`);
  }
  return { thought, command, output: out.join("\n"), execSeconds: 0.6 };
}

export function exploreCsv(path: string, header: string[], rows: string[][], thought: string): TAction {
  const lines = [header.join(","), ...rows.slice(0, 4).map((r) => r.map((c) => (c.includes(",") ? `"${c}"` : c)).join(","))];
  return { thought, command: `head -5 ${path} && wc -l ${path}`, output: `${lines.join("\n")}\n${rows.length + 1} ${path}`, execSeconds: 0.1 };
}

export function listInputs(files: string[]): TAction {
  const sizes = files.map((f, i) => `-rw-r--r-- 1 agent agent ${(9 + i * 7) * 1024 + f.length * 37} Mar  2 08:55 ${f}`);
  return {
    thought: "Let me check which files are actually in the working directory before trying again.",
    command: "ls -la /workspace/inputs /workspace/outputs",
    output: ["/workspace/inputs:", `total ${files.length * 12}`, ...sizes, "", "/workspace/outputs:", "total 0"].join("\n"),
    execSeconds: 0.1,
  };
}
