import type { TRng } from "./prng";
import { copyInput, failingRun, FRAMES, heredoc } from "./python";
import { inputPath, outputPath, type TTask } from "./types";
import { CUSTOMERS, DEPARTMENTS, PRODUCTS, randomDate, round2, type TCell } from "./workbook";

// Types and formatting: real dates instead of text, conditional formatting rules, styled new
// columns. Their recurring failures: values written as strings, static fills instead of rules,
// pandas dropping styles, and writes into merged title cells.

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(round2(n)));
const us = (d: string) => `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}`;

export function fixDatesTask(rng: TRng, n: number): TTask {
  const file = ["orders_q1.xlsx", "crm_export.xlsx", "leads.xlsx", "signups.xlsx", "returns_log.xlsx", "bookings_2024.xlsx"][n % 6];
  const mixedIso = n % 2 === 0;
  const rows: TCell[][] = Array.from({ length: rng.int(20, 40) }, (_, i) => {
    const d = randomDate(rng, 2024);
    const asText = rng.chance(0.45) ? (mixedIso && rng.chance(0.4) ? d.date : us(d.date)) : d;
    return [`#${7700 + i}`, asText, rng.pick(CUSTOMERS), round2(rng.float(20, 900))];
  });
  rows[1][1] = us((rows[1][1] as { date: string }).date ?? "2024-02-11");
  if (mixedIso) rows[3][1] = "2024-03-14";
  const texts = rows.filter((r) => typeof r[1] === "string").length;
  const last = rows.length + 1;
  const out = outputPath(file);
  const parse = mixedIso ? ['def parse(v):', '    fmt = "%Y-%m-%d" if "-" in v else "%m/%d/%Y"', "    return datetime.strptime(v, fmt)"] : ["def parse(v):", '    return datetime.strptime(v, "%m/%d/%Y")'];
  const convert = (body: string[]) => heredoc(["from datetime import datetime", "from openpyxl import load_workbook", `wb = load_workbook("${out}")`, 'ws = wb["Orders"]', ...body, `wb.save("${out}")`], copyInput(file));
  const loop = (assign: string) => ["converted = 0", `for r in range(2, ${last + 1}):`, "    c = ws.cell(row=r, column=2)", "    if isinstance(c.value, str):", `        ${assign}`, "        converted += 1", '    c.number_format = "yyyy-mm-dd"', 'print("converted", converted)'];
  return {
    id: "",
    category: "fix-dates",
    instruction: `The OrderDate column (B) of the 'Orders' sheet mixes real dates and text such as '${us("2024-03-14")}'. Convert every value to a real date and format the column as yyyy-mm-dd.`,
    instructionType: "Sheet-Level Manipulation",
    answerPosition: `Orders!B2:B${last}`,
    workbook: { file, sheets: [{ name: "Orders", header: ["Order", "OrderDate", "Customer", "Total"], rows }] },
    inspect: { thought: "Check how many OrderDate cells are text and which layouts they use.", command: heredoc(["from collections import Counter", "from openpyxl import load_workbook", `ws = load_workbook("${inputPath(file)}")["Orders"]`, "vals = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]", "print(Counter(type(v).__name__ for v in vals))", "print(sorted({v for v in vals if isinstance(v, str)})[:6])"]), output: `Counter({${[["datetime", rows.length - texts], ["str", texts]].sort((a, b) => (b[1] as number) - (a[1] as number)).map(([t, c]) => `'${t}': ${c}`).join(", ")}})\n[${[...new Set(rows.map((r) => r[1]).filter((v): v is string => typeof v === "string"))].sort().slice(0, 6).map((v) => `'${v}'`).join(", ")}]` },
    solve: [{ thought: `${texts} cells are text${mixedIso ? " in two layouts (MM/DD/YYYY and ISO)" : " (MM/DD/YYYY)"}; the rest are already datetimes. Parse the text into datetime objects (not strings) and set the number format on every cell, on a copy of the input.`, command: convert([...parse, ...loop("c.value = parse(c.value)")]), output: `converted ${texts}` }],
    verify: { thought: "Check the cell types and formats, not just how they print.", command: heredoc(["from collections import Counter", "from openpyxl import load_workbook", `ws = load_workbook("${out}")["Orders"]`, "cells = [r[0] for r in ws.iter_rows(min_row=2, min_col=2, max_col=2)]", "print(Counter(type(c.value).__name__ for c in cells), {c.number_format for c in cells})"]), output: `Counter({'datetime': ${rows.length}}) {'yyyy-mm-dd'}` },
    done: `TASK_COMPLETE\nConverted ${texts} text dates to real dates; all ${rows.length} OrderDate cells are datetimes formatted yyyy-mm-dd.`,
    unchanged: `FAIL Orders!B3: expected a date, found str '${rows[1][1]}'`,
    pitfalls: [
      { id: "dates-as-strings", actions: [{ thought: "Normalise every date to the yyyy-mm-dd text form.", command: convert([...parse, ...loop('c.value = parse(c.value).strftime("%Y-%m-%d")')]), output: `converted ${texts}` }, { thought: "Print a few to check.", command: heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${out}")["Orders"]`, 'print([ws.cell(row=r, column=2).value for r in (3, 4)])']), output: `['${(rows[1][1] as string).replace(/^(\d\d)\/(\d\d)\/(\d{4})$/, "$3-$1-$2")}', ${typeof rows[2][1] === "string" ? `'${rows[2][1].replace(/^(\d\d)\/(\d\d)\/(\d{4})$/, "$3-$1-$2")}'` : `datetime.datetime(${(rows[2][1] as { date: string }).date.split("-").map(Number).join(", ")}, 0, 0)`}]` }], final: "TASK_COMPLETE\nAll OrderDate values now read yyyy-mm-dd.", grader: `FAIL Orders!B3: expected a date, found str — ${texts} dates were written as text, so they do not sort or filter as dates` },
      { id: "pandas-datetime", actions: [{ thought: "pandas.to_datetime handles mixed layouts in one call.", command: heredoc(["import pandas as pd", `df = pd.read_excel("${inputPath(file)}", sheet_name="Orders")`, 'df["OrderDate"] = pd.to_datetime(df["OrderDate"], format="mixed")', `df.to_excel("${out}", sheet_name="Orders", index=False)`, "print(df.dtypes)"]), output: "Order                object\nOrderDate    datetime64[ns]\nCustomer             object\nTotal               float64\ndtype: object" }], final: "TASK_COMPLETE\nOrderDate is now a proper datetime column.", grader: "FAIL Orders!B2 number format: expected 'yyyy-mm-dd', found 'yyyy-mm-dd hh:mm:ss'; header style and column widths lost (to_excel rewrote the sheet)" },
    ],
    errors: mixedIso
      ? [{ id: "strptime-layout", action: failingRun("Copy the file, parse the text dates as MM/DD/YYYY and set the format.", convert(["def parse(v):", '    return datetime.strptime(v, "%m/%d/%Y")', ...loop("c.value = parse(c.value)")]), '    return datetime.strptime', FRAMES.strptime, "ValueError: time data '2024-03-14' does not match format '%m/%d/%Y'"), fix: "Some text dates are ISO (2024-03-14), not MM/DD/YYYY. Pick the layout per value." }]
      : [{ id: "date-vs-str", action: failingRun("Copy the file and convert text dates, skipping values that are already dates.", convert(["for r in range(2, ws.max_row + 1):", "    c = ws.cell(row=r, column=2)", '    if c.value < datetime(2100, 1, 1):', "        continue", '    c.value = datetime.strptime(c.value, "%m/%d/%Y")']), "    if c.value < datetime", [], "TypeError: '<' not supported between instances of 'str' and 'datetime.datetime'"), fix: "Comparing a text cell with a datetime fails. Test the type with isinstance(c.value, str) instead." }],
  };
}

export function conditionalFormatTask(rng: TRng, n: number): TTask {
  const file = ["margins.xlsx", "product_margins.xlsx", "pricing_review.xlsx", "sku_profit.xlsx", "menu_costs.xlsx", "unit_economics.xlsx"][n % 6];
  const rows: TCell[][] = [...PRODUCTS, ...PRODUCTS.map((p) => `${p} (refurb)`)].slice(0, 8 + (n % 5)).map((p) => {
    const revenue = round2(rng.float(2000, 20000));
    const cost = round2(revenue * rng.float(0.72, 0.97));
    return [p, revenue, cost, round2((revenue - cost) / revenue)];
  });
  const last = rows.length + 1;
  const below = rows.filter((r) => (r[3] as number) < 0.1).length;
  const out = outputPath(file);
  const rule = (color: string, formula: string, range = `D2:D${last}`) => heredoc(["from openpyxl import load_workbook", "from openpyxl.formatting.rule import CellIsRule", "from openpyxl.styles import PatternFill", `wb = load_workbook("${out}")`, 'ws = wb["Margins"]', `fill = PatternFill(start_color="${color}", end_color="${color}", fill_type="solid")`, `ws.conditional_formatting.add("${range}", CellIsRule(operator="lessThan", formula=["${formula}"], fill=fill))`, `wb.save("${out}")`, "print([str(cf.sqref) for cf in ws.conditional_formatting])"], copyInput(file));
  return {
    id: "",
    category: "conditional-formatting",
    instruction: "In the 'Margins' sheet, highlight every Margin (column D) below 10% with a light red fill (FFC7CE) using a conditional formatting rule, so the highlight follows the values when they change.",
    instructionType: "Sheet-Level Manipulation",
    answerPosition: `Margins!D2:D${last}`,
    workbook: { file, sheets: [{ name: "Margins", header: ["Product", "Revenue", "Cost", "Margin"], rows }] },
    solve: [{ thought: `Margins are fractions (${fmt(rows[0][3] as number)} = ${Math.round((rows[0][3] as number) * 100)}%), so the threshold is 0.1, not 10. A CellIsRule on D2:D${last} (no header) with an aRGB fill.`, command: rule("FFC7CE", "0.1"), output: `['D2:D${last}']` }],
    verify: { thought: "Reload and list the rules to be sure they were saved.", command: heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${out}")["Margins"]`, "for cf in ws.conditional_formatting:", "    print(cf.sqref, [(r.type, r.operator, r.formula) for r in cf.rules])"]), output: `D2:D${last} [('cellIs', 'lessThan', ['0.1'])]` },
    done: `TASK_COMPLETE\nAdded a conditional formatting rule on Margins!D2:D${last}: cell value < 0.1 → fill FFC7CE (${below} products currently highlighted).`,
    unchanged: `FAIL: no conditional formatting rule on Margins!D2:D${last}`,
    pitfalls: [
      { id: "static-fill", actions: [{ thought: "Fill the low-margin cells red directly.", command: heredoc(["from openpyxl import load_workbook", "from openpyxl.styles import PatternFill", `wb = load_workbook("${out}")`, 'ws = wb["Margins"]', 'red = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")', "n = 0", `for r in range(2, ${last + 1}):`, "    if ws.cell(row=r, column=4).value < 0.1:", "        ws.cell(row=r, column=4).fill = red", "        n += 1", `wb.save("${out}")`, "print(n)"], copyInput(file)), output: String(below) }], final: `TASK_COMPLETE\nHighlighted the ${below} margins below 10% in light red.`, grader: `FAIL: no conditional formatting rule on Margins!D2:D${last} — static fills do not follow changing values` },
      { id: "percent-vs-fraction", actions: [{ thought: "Rule: value less than 10 (percent).", command: rule("FFC7CE", "10", `D1:D${last}`), output: `['D1:D${last}']` }], final: "TASK_COMPLETE\nAdded the conditional formatting rule for margins under 10%.", grader: `FAIL rule on Margins!D1:D${last}: threshold 10 highlights every margin (values are fractions, expected < 0.1) and the range includes the header` },
    ],
    errors: [{ id: "named-color", action: failingRun("Copy the file and add a lessThan rule with a red fill.", rule("red", "0.1"), "fill = PatternFill", FRAMES.color, "ValueError: Colors must be aRGB hex values"), fix: "openpyxl wants aRGB hex, not color names. Use FFC7CE as the task says." }],
  };
}

export function totalColumnTask(rng: TRng, n: number): TTask {
  const file = ["budget_fy25.xlsx", "opex_plan.xlsx", "dept_budget.xlsx", "forecast_2025.xlsx", "cost_centres.xlsx", "headcount_cost.xlsx"][n % 6];
  const rows: TCell[][] = DEPARTMENTS.slice(0, 5 + (n % 3)).map((d) => [d, ...[0, 1, 2, 3].map(() => rng.int(20, 400) * 250)]);
  const last = rows.length + 2;
  const out = outputPath(file);
  const totals = rows.map((r) => (r.slice(1) as number[]).reduce((a, b) => a + b, 0));
  const write = (headerRow: number) => heredoc(["from copy import copy", "from openpyxl import load_workbook", `wb = load_workbook("${out}")`, 'ws = wb["Budget"]', `ws.cell(row=${headerRow}, column=6).value = "Total"`, `ws.cell(row=${headerRow}, column=6)._style = copy(ws.cell(row=${headerRow}, column=5)._style)`, `for r in range(${headerRow + 1}, ws.max_row + 1):`, "    c = ws.cell(row=r, column=6)", "    c.value = sum(ws.cell(row=r, column=k).value for k in range(2, 6))", "    c._style = copy(ws.cell(row=r, column=5)._style)", 'ws.column_dimensions["F"].width = ws.column_dimensions["E"].width', `wb.save("${out}")`, `print([ws.cell(row=r, column=6).value for r in range(${headerRow + 1}, ws.max_row + 1)])`], copyInput(file));
  return {
    id: "",
    category: "preserve-formatting",
    instruction: "In the 'Budget' sheet, add a 'Total' column after Q4 (column F) with the sum of Q1–Q4 for each department, styled like the quarter columns (same header style and currency number format).",
    instructionType: "Sheet-Level Manipulation",
    answerPosition: `Budget!F2:F${last}`,
    workbook: { file, sheets: [{ name: "Budget", title: "FY25 budget by department", titleCols: 6, header: ["Department", "Q1", "Q2", "Q3", "Q4"], rows }] },
    solve: [{ thought: `Row 1 is a merged title (A1:F1); the header is row 2 and data rows 3–${last}. I'll write values (no formulas to recalculate) with openpyxl and copy the style of column E, on a copy of the input.`, command: write(2), output: `[${totals.join(", ")}]` }],
    verify: { thought: "Check header, number format and width of the new column.", command: heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${out}")["Budget"]`, 'print(ws["F2"].value, ws["F2"].font.b, ws["F3"].number_format, ws["F3"].number_format == ws["E3"].number_format)']), output: `Total True "$"#,##0 True` },
    done: `TASK_COMPLETE\nAdded Budget!F2 'Total' with the Q1–Q4 sums in F3:F${last}, copying the header style and the currency format of column E.`,
    unchanged: "FAIL Budget!F2: expected 'Total', found None",
    pitfalls: [
      { id: "pandas-to-excel", actions: [{ thought: "pandas: read the table, add a Total column, write it back.", command: heredoc(["import pandas as pd", `df = pd.read_excel("${inputPath(file)}", sheet_name="Budget", header=1)`, 'df["Total"] = df[["Q1", "Q2", "Q3", "Q4"]].sum(axis=1)', `df.to_excel("${out}", sheet_name="Budget", index=False)`, 'print(df["Total"].tolist())']), output: `[${totals.join(", ")}]` }], final: "TASK_COMPLETE\nAdded the Total column to the Budget sheet.", grader: "FAIL: Budget!A1 title row and its merge are gone, header moved to row 1, currency format '\"$\"#,##0' lost on B:F — to_excel rewrote the sheet" },
    ],
    errors: [{ id: "merged-cell", action: failingRun("Copy the file, then add the header in F1 and totals below.", write(1), "ws.cell(row=1, column=6).value", [], "AttributeError: 'MergedCell' object attribute 'value' is read-only"), fix: "F1 is part of the merged title range, so the header row is row 2. Start there." }],
  };
}
