import type { TRng } from "./prng";
import { copyInput, failingRun, heredoc } from "./python";
import { inputPath, outputPath, type TTask } from "./types";
import { CUSTOMERS, PRODUCTS, randomDate, REGIONS, REPS, round2, type TCell } from "./workbook";

// Cell-level tasks: one or a few answer cells. Their recurring failures are the ones Trace2Skill's
// learned SoPs target most: formulas never recalculated, pandas rewriting the workbook, the answer
// written to the wrong sheet or cell, numbers stored as text ignored.

const PRICE: Record<string, number> = { "Widget A": 29.99, "Widget B": 34.5, "Gadget Pro": 129, "Gadget Mini": 59.95, "Sensor Kit": 74.25, "Cable Pack": 12.4 };
/** Python's Counter of type names, most common first (ties in first-seen order). */
function typeCounts(values: TCell[]): string {
  const counts = new Map<string, number>();
  for (const v of values) {
    const t = typeof v === "string" ? "str" : typeof v === "number" ? (Number.isInteger(v) ? "int" : "float") : v === null ? "NoneType" : "datetime";
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([t, n]) => `'${t}': ${n}`).join(", ");
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(round2(n)));

export function sumColumnTask(rng: TRng, n: number): TTask {
  const file = ["sales_2024.xlsx", "regional_sales_q3.xlsx", "store_revenue.xlsx", "q2_orders.xlsx", "field_sales.xlsx", "web_sales_march.xlsx"][n % 6];
  const sheet = ["Sales", "Data", "Transactions", "Q3", "Orders", "Export"][n % 6];
  const revenue = n % 2 === 0;
  const rows: TCell[][] = Array.from({ length: rng.int(24, 48) }, () => {
    const product = rng.pick(PRODUCTS);
    const units = rng.int(1, 40);
    return [randomDate(rng, 2024), rng.pick(REGIONS), rng.pick(REPS), product, units, round2(units * PRICE[product])];
  });
  const naRow = rng.int(3, rows.length - 2);
  if (n % 3 !== 0) rows[naRow][revenue ? 5 : 4] = "n/a";
  const col = revenue ? "F" : "E";
  const idx = revenue ? 5 : 4;
  const last = rows.length + 1;
  const nums = rows.map((r) => r[idx]).filter((v): v is number => typeof v === "number");
  const total = round2(nums.reduce((a, b) => a + b, 0));
  const skipped = rows.length - nums.length;
  const cell = revenue ? "B2" : "B3";
  const measure = revenue ? "Revenue" : "Units";
  const [inp, out] = [inputPath(file), outputPath(file)];
  const solveCmd = heredoc(
    [
      "from openpyxl import load_workbook",
      `path = "${out}"`,
      "wb = load_workbook(path)",
      `ws = wb["${sheet}"]`,
      `values = [r[${idx}] for r in ws.iter_rows(min_row=2, values_only=True)]`,
      "nums = [v for v in values if isinstance(v, (int, float))]",
      'print(len(values), "rows,", len(values) - len(nums), "non-numeric:", [v for v in values if not isinstance(v, (int, float))])',
      "total = round(sum(nums), 2)",
      `wb["Summary"]["${cell}"] = total`,
      "wb.save(path)",
      'print("total =", total)',
    ],
    copyInput(file),
  );
  const naive = heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, `ws = wb["${sheet}"]`, `total = sum(c.value for c in ws["${col}2:${col}${last}"])`, `wb["Summary"]["${cell}"] = total`, `wb.save("${out}")`], copyInput(file));
  const expected = `expected ${fmt(total)}`;
  return {
    id: "",
    category: "sum-column",
    instruction: `Sum the ${measure} column of the '${sheet}' sheet and write the total into cell ${cell} of the 'Summary' sheet.`,
    instructionType: "Cell-Level Manipulation",
    answerPosition: `Summary!${cell}`,
    workbook: { file, sheets: [{ name: sheet, header: ["Date", "Region", "Rep", "Product", "Units", "Revenue"], rows }, { name: "Summary", header: ["Metric", "Value"], rows: [["Total revenue", null], ["Total units", null], ["Prepared by", "finance"]] }] },
    solve: [
      {
        thought: `The data is in '${sheet}' rows 2–${last}; ${measure} is column ${col}. I'll copy the input to the output path first, then sum only numeric values with openpyxl (so formatting survives) and write the number into Summary!${cell}.`,
        command: solveCmd,
        output: `${rows.length} rows, ${skipped} non-numeric: [${skipped ? "'n/a'" : ""}]\ntotal = ${fmt(total)}`,
      },
    ],
    verify: {
      thought: `Now I'll reopen the output with data_only=True to confirm Summary!${cell} holds the value the checker will read and that both sheets are still there.`,
      command: heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}", data_only=True)`, "print(wb.sheetnames)", `print(wb["Summary"]["${cell}"].value)`]),
      output: `['${sheet}', 'Summary']\n${fmt(total)}`,
    },
    done: `TASK_COMPLETE\nWrote the ${measure} total ${fmt(total)} into Summary!${cell} of ${out}${skipped ? " (one non-numeric 'n/a' cell skipped)" : ""}; the other sheets are unchanged.`,
    unchanged: `FAIL Summary!${cell}: ${expected}, found None`,
    pitfalls: [
      {
        id: "formula-not-recalculated",
        actions: [
          { thought: `A SUM formula keeps the cell live if the data changes. I'll write =SUM(${sheet}!${col}2:${col}${last}) into Summary!${cell}.`, command: heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, `wb["Summary"]["${cell}"] = "=SUM(${sheet}!${col}2:${col}${last})"`, `wb.save("${out}")`, 'print("ok")'], copyInput(file)), output: "ok" },
          { thought: "Let me read the cell back to make sure it was written.", command: heredoc(["from openpyxl import load_workbook", `print(load_workbook("${out}")["Summary"]["${cell}"].value)`]), output: `=SUM(${sheet}!${col}2:${col}${last})` },
        ],
        final: `TASK_COMPLETE\nSummary!${cell} now contains =SUM(${sheet}!${col}2:${col}${last}), which totals the ${measure} column.`,
        grader: `FAIL Summary!${cell}: ${expected}, found None — the cell holds a formula with no cached value (the workbook was never recalculated)`,
      },
      {
        id: "pandas-to-excel",
        actions: [
          {
            thought: "pandas makes this quick: read the sheet, sum the column and write the Summary sheet.",
            command: heredoc(["import pandas as pd", `df = pd.read_excel("${inp}", sheet_name="${sheet}")`, `total = pd.to_numeric(df["${measure}"], errors="coerce").sum()`, `summary = pd.DataFrame({"Metric": ["Total revenue", "Total units"], "Value": [${revenue ? "total, None" : "None, total"}]})`, `summary.to_excel("${out}", sheet_name="Summary", index=False)`, "print(summary)"]),
            output: `          Metric     Value\n0  Total revenue  ${revenue ? fmt(total) : "     NaN"}\n1    Total units  ${revenue ? "     NaN" : fmt(total)}`,
          },
        ],
        final: `TASK_COMPLETE\nThe ${measure} total (${fmt(total)}) is in Summary!${cell} of the output file.`,
        grader: `FAIL: output has sheets ['Summary'], expected ['${sheet}', 'Summary'] — DataFrame.to_excel wrote a new workbook, dropping the data sheet and all formatting`,
      },
      {
        id: "wrong-answer-position",
        actions: [
          { thought: `I'll add a total under the ${measure} column so it sits next to the data.`, command: heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, `ws = wb["${sheet}"]`, `ws["${col}${last + 1}"] = ${fmt(total)}`, `ws["${revenue ? "E" : "D"}${last + 1}"] = "Total"`, `wb.save("${out}")`, `print(ws["${col}${last + 1}"].value)`], copyInput(file)), output: fmt(total) },
        ],
        final: `TASK_COMPLETE\nAdded the ${measure} total ${fmt(total)} below the data in ${sheet}!${col}${last + 1}.`,
        grader: `FAIL Summary!${cell}: ${expected}, found None (a total was written to ${sheet}!${col}${last + 1} instead of the answer position)`,
      },
    ],
    errors: [
      {
        id: "range-of-rows",
        action: failingRun(`I'll copy the input and sum ${col}2:${col}${last} directly.`, naive, "total = sum(", [], "AttributeError: 'tuple' object has no attribute 'value'"),
        fix: `ws["${col}2:${col}${last}"] yields rows (tuples of cells), not cells. I'll iterate with values_only and also guard against text cells before summing.`,
      },
    ],
  };
}

export function countAboveTask(rng: TRng, n: number): TTask {
  const file = ["customer_orders.xlsx", "orders_2024.xlsx", "wholesale.xlsx", "b2b_orders.xlsx", "ledger_q1.xlsx", "invoices.xlsx"][n % 6];
  const threshold = [500, 1000, 250, 750, 500, 2000][n % 6];
  const rows: TCell[][] = Array.from({ length: rng.int(20, 40) }, (_, i) => [`ORD-${10240 + i * 3}`, rng.pick(CUSTOMERS), randomDate(rng, 2024), round2(rng.float(threshold * 0.1, threshold * 2.2)), rng.pick(["paid", "paid", "open", "refunded"])]);
  rows[rng.int(1, rows.length - 1)][3] = threshold;
  const textRow = rng.int(2, rows.length - 2);
  const textValue = round2(threshold * 1.5 + 0.25);
  rows[textRow][3] = textValue.toLocaleString("en-US", { minimumFractionDigits: 2 });
  const numeric = rows.map((r) => (typeof r[3] === "number" ? r[3] : textValue));
  const above = numeric.filter((v) => v > threshold).length;
  const aboveOrEqual = numeric.filter((v) => v >= threshold).length;
  const aboveNumericOnly = rows.filter((r) => typeof r[3] === "number" && r[3] > threshold).length;
  const out = outputPath(file);
  const countLines = (filter: string) => [
    "from openpyxl import load_workbook",
    `wb = load_workbook("${out}")`,
    'totals = [r[3] for r in wb["Orders"].iter_rows(min_row=2, values_only=True)]',
    ...(filter === "clean" ? ['totals = [float(v.replace(",", "")) if isinstance(v, str) else v for v in totals]', `above = sum(1 for v in totals if v > ${threshold})`] : [filter]),
    'wb["Report"]["B2"] = len(totals)',
    'wb["Report"]["B3"] = above',
    `wb.save("${out}")`,
    'print(len(totals), above)',
  ];
  return {
    id: "",
    category: "count-to-cell",
    instruction: `In the 'Report' sheet, write the number of orders into B2 and the number of orders whose Total is above ${threshold} into B3.`,
    instructionType: "Cell-Level Manipulation",
    answerPosition: "Report!B2:B3",
    workbook: { file, sheets: [{ name: "Orders", header: ["OrderID", "Customer", "OrderDate", "Total", "Status"], rows }, { name: "Report", header: ["Orders report", null], rows: [["Total orders", null], [`Orders above ${threshold}`, null]] }] },
    inspect: {
      thought: "Before counting, check which types the Total column really holds; exported amounts are often text.",
      command: heredoc(["from collections import Counter", "from openpyxl import load_workbook", `ws = load_workbook("${inputPath(file)}")["Orders"]`, "vals = [(r, ws.cell(row=r, column=4).value) for r in range(2, ws.max_row + 1)]", "print(Counter(type(v).__name__ for _, v in vals))", "print([(r, v) for r, v in vals if isinstance(v, str)])"]),
      output: `Counter({${typeCounts(rows.map((r) => r[3]))}})\n[(${textRow + 2}, '${rows[textRow][3]}')]`,
    },
    solve: [
      {
        thought: `Totals are in Orders!D, but row ${textRow + 2} stores '${rows[textRow][3]}' as text, so I'll convert text numbers before comparing (strictly above ${threshold}). Copy first, then write both answers into Report!B2:B3.`,
        command: heredoc(countLines("clean"), copyInput(file)),
        output: `${rows.length} ${above}`,
      },
    ],
    verify: { thought: "Read the answer cells back with data_only=True.", command: heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${out}", data_only=True)["Report"]`, 'print(ws["B2"].value, ws["B3"].value)']), output: `${rows.length} ${above}` },
    done: `TASK_COMPLETE\nReport!B2 = ${rows.length} orders, Report!B3 = ${above} orders above ${threshold} (one total stored as text was converted).`,
    unchanged: `FAIL Report!B2: expected ${rows.length}, found None`,
    pitfalls: [
      { id: "numbers-as-text-ignored", actions: [{ thought: "I'll count numeric totals above the threshold; anything that is not a number can't be an amount.", command: heredoc(countLines(`above = sum(1 for v in totals if isinstance(v, (int, float)) and v > ${threshold})`), copyInput(file)), output: `${rows.length} ${aboveNumericOnly}` }], final: `TASK_COMPLETE\nReport!B2 = ${rows.length}, Report!B3 = ${aboveNumericOnly}.`, grader: `FAIL Report!B3: expected ${above}, found ${aboveNumericOnly} (Orders!D${textRow + 2} holds the number as text)` },
      { id: "boundary-inclusive", actions: [{ thought: "Count the orders at or above the threshold.", command: heredoc(countLines(`above = sum(1 for v in totals if float(str(v).replace(",", "")) >= ${threshold})`), copyInput(file)), output: `${rows.length} ${aboveOrEqual}` }], final: `TASK_COMPLETE\nReport!B3 = ${aboveOrEqual}.`, grader: `FAIL Report!B3: expected ${above}, found ${aboveOrEqual} ("above" is strict; one order equals ${threshold})` },
      { id: "wrong-sheet", actions: [{ thought: "Compute the counts and write them to B2 and B3.", command: heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, "ws = wb.active", 'totals = [float(str(r[3]).replace(",", "")) for r in ws.iter_rows(min_row=2, values_only=True)]', 'ws["B2"] = len(totals)', `ws["B3"] = sum(v > ${threshold} for v in totals)`, `wb.save("${out}")`, 'print(ws.title, ws["B2"].value, ws["B3"].value)'], copyInput(file)), output: `Orders ${rows.length} ${above}` }], final: `TASK_COMPLETE\nB2 = ${rows.length}, B3 = ${above}.`, grader: `FAIL Report!B2: expected ${rows.length}, found None (answers were written to the active sheet 'Orders', overwriting Orders!B2:B3)` },
    ],
    errors: [
      { id: "str-compare", action: failingRun("Copy the file and count totals above the threshold.", heredoc(countLines(`above = sum(1 for v in totals if v > ${threshold})`), copyInput(file)), "above = sum(", [], "TypeError: '>' not supported between instances of 'str' and 'int'"), fix: `One Total is stored as text ('${rows[textRow][3]}'). I'll convert text amounts to numbers (dropping the thousands separator) before comparing.` },
    ],
  };
}
