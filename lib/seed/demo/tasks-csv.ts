import type { TRng } from "./prng";
import { failingRun, FRAMES, heredoc } from "./python";
import { inputPath, outputPath, type TTask } from "./types";
import { exploreCsv, isoDate, round2 } from "./workbook";

// CSV → xlsx: everything in a CSV is text, so the task is about types — real dates, numbers without
// thousands separators, account numbers that keep their leading zeros.

const MERCHANTS = ["ACME Office Supply", "City Parking", "Cloud Hosting Inc", "Courier Express", "Staples", "Team Lunch", "Software License"];

export function csvToXlsxTask(rng: TRng, n: number): TTask {
  const file = ["transactions.csv", "bank_export.csv", "payments_feb.csv", "card_statement.csv", "ledger_lines.csv", "payouts.csv"][n % 6];
  const rows = Array.from({ length: rng.int(15, 35) }, () => {
    const amount = round2(rng.float(3, 4800));
    return [isoDate(2024, rng.int(1, 12), rng.int(1, 28)), String(rng.int(1, 99999)).padStart(6, "0"), rng.pick(MERCHANTS), amount.toLocaleString("en-US", { minimumFractionDigits: 2 })];
  });
  // One amount in the first rows the agent sees carries a thousands separator.
  rows[1][3] = round2(rng.float(1000, 4800)).toLocaleString("en-US", { minimumFractionDigits: 2 });
  const header = ["Date", "Account", "Description", "Amount"];
  const [inp, out] = [inputPath(file), outputPath(file)];
  const build = (append: string) =>
    heredoc([
      "import csv",
      "from datetime import datetime",
      "from openpyxl import Workbook",
      "from openpyxl.styles import Font",
      "wb = Workbook()",
      "ws = wb.active",
      'ws.title = "Transactions"',
      `with open("${inp}", newline="") as f:`,
      "    rows = list(csv.reader(f))",
      "ws.append(rows[0])",
      "for row in rows[1:]:",
      `    ${append}`,
      "for c in ws[1]:",
      "    c.font = Font(bold=True)",
      `wb.save("${out}")`,
      'print(ws.max_row - 1, "rows;", [c.value for c in ws[2]])',
    ]);
  const first = rows[0];
  const firstAmount = Number(first[3].replace(/,/g, ""));
  const [y, m, d] = first[0].split("-").map(Number);
  const typed = `[datetime.datetime(${y}, ${m}, ${d}, 0, 0), '${first[1]}', '${first[2]}', ${firstAmount}]`;
  return {
    id: "",
    category: "csv-to-xlsx",
    instruction: `Convert ${file} into an .xlsx workbook with one sheet 'Transactions': Date as real dates, Amount as numbers, Account kept as text with its leading zeros, and a bold header row.`,
    instructionType: "Sheet-Level Manipulation",
    answerPosition: `Transactions!A1:D${rows.length + 1}`,
    workbook: { file, sheets: [] },
    explore: exploreCsv(inp, header, rows, "The input is a CSV, so I'll look at the raw text first: delimiters, quoting and how the amounts are written."),
    solve: [{ thought: `Amounts like '${rows[1][3]}' carry thousands separators and accounts have leading zeros, so I'll parse each column myself with the csv module: dates → datetime, Amount → float, Account stays a string.`, command: build('ws.append([datetime.strptime(row[0], "%Y-%m-%d"), row[1], row[2], float(row[3].replace(",", ""))])'), output: `${rows.length} rows; ${typed}` }],
    verify: { thought: "Check the types of a data row in the saved file.", command: heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${out}")["Transactions"]`, "print([type(c.value).__name__ for c in ws[2]], ws['A1'].font.b)"]), output: "['datetime', 'str', 'str', 'float'] True" },
    done: `TASK_COMPLETE\nWrote ${out} with sheet 'Transactions' (${rows.length} rows): real dates, numeric amounts, accounts as text with leading zeros, bold header.`,
    unchanged: `FAIL: output file ${out} not found`,
    pitfalls: [
      { id: "everything-text", actions: [{ thought: "Copy the CSV rows into a new workbook.", command: build("ws.append(row)"), output: `${rows.length} rows; ['${first[0]}', '${first[1]}', '${first[2]}', '${first[3]}']` }], final: `TASK_COMPLETE\nConverted ${file} to ${out}.`, grader: `FAIL Transactions!D2: expected number ${firstAmount}, found str '${first[3]}'; A2 is text, not a date` },
      { id: "pandas-leading-zeros", actions: [{ thought: "pandas reads CSV and writes Excel in two lines.", command: heredoc(["import pandas as pd", `df = pd.read_csv("${inp}", parse_dates=["Date"])`, `df.to_excel("${out}", sheet_name="Transactions", index=False)`, "print(df.dtypes.to_dict())"]), output: "{'Date': dtype('<M8[ns]'), 'Account': dtype('int64'), 'Description': dtype('O'), 'Amount': dtype('O')}" }], final: `TASK_COMPLETE\nSaved ${out} with the Transactions sheet.`, grader: `FAIL Transactions!B2: expected '${first[1]}', found ${Number(first[1])} (leading zeros lost); D2 is text ('${first[3]}')` },
    ],
    errors: [{ id: "openpyxl-csv", action: failingRun("Load the file with openpyxl and save it as xlsx.", heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${inp}")`, `wb.save("${out}")`]), "load_workbook(", [...FRAMES.loadWorkbook, ...FRAMES.csvRefused], "openpyxl.utils.exceptions.InvalidFileException: openpyxl does not support .csv file format, please check you can open it with Excel first. Supported formats are: .xlsx,.xlsm,.xltx,.xltm"), fix: "openpyxl only opens Excel files. Read the CSV with the csv module and build a new workbook." }],
  };
}
