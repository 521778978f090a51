import type { TRng } from "./prng";
import { copyInput, failingRun, FRAMES, heredoc } from "./python";
import { inputPath, outputPath, type TTask } from "./types";
import { CUSTOMERS, PRODUCTS, REGIONS, round2, type TCell } from "./workbook";

// Sheet-level tasks: new sheets, joined columns, deleted rows. Their recurring failures: pandas
// rewriting the whole workbook, deleting rows top-down (indices shift), joins that drop rows.

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(round2(n)));
const QUARTERS = ["Q1", "Q2", "Q3", "Q4"];

export function pivotTask(rng: TRng, n: number): TTask {
  const file = ["regional_sales.xlsx", "pipeline_2024.xlsx", "bookings.xlsx", "channel_sales.xlsx", "emea_sales.xlsx", "dealer_report.xlsx"][n % 6];
  const spaced = n % 2 === 1;
  const rows: TCell[][] = Array.from({ length: rng.int(30, 60) }, () => [rng.pick(REGIONS), rng.pick(QUARTERS), rng.pick(PRODUCTS), round2(rng.float(200, 4000))]);
  const sums = REGIONS.map((r) => QUARTERS.map((q) => round2(rows.filter((x) => x[0] === r && x[1] === q).reduce((a, x) => a + (x[3] as number), 0))));
  const out = outputPath(file);
  const table = [`('Region', 'Q1', 'Q2', 'Q3', 'Q4', 'Grand Total')`, ...REGIONS.map((r, i) => `('${r}', ${sums[i].map(fmt).join(", ")}, ${fmt(round2(sums[i].reduce((a, b) => a + b, 0)))})`)];
  const pandasCmd = heredoc(["import pandas as pd", `df = pd.read_excel("${inputPath(file)}", sheet_name="Data")`, "df.columns = df.columns.str.strip()", 'pivot = df.pivot_table(index="Region", columns="Quarter", values="Amount", aggfunc="sum", margins=True, margins_name="Grand Total")', `pivot.to_excel("${out}", sheet_name="Pivot")`, "print(pivot.round(2))"]);
  const pandasOut = ["Quarter            Q1        Q2        Q3        Q4  Grand Total", "Region", ...REGIONS.map((r, i) => `${r.padEnd(11)}${sums[i].map((v) => fmt(v).padStart(10)).join("")}${fmt(round2(sums[i].reduce((a, b) => a + b, 0))).padStart(13)}`)].join("\n");
  return {
    id: "",
    category: "pivot",
    instruction: "Create a new sheet named 'Pivot' with the total Amount by Region (rows, A2:A5) and Quarter (columns Q1–Q4, B1:E1), plus a 'Grand Total' column F. Keep the 'Data' sheet as it is.",
    instructionType: "Sheet-Level Manipulation",
    answerPosition: "Pivot!A1:F5",
    workbook: { file, sheets: [{ name: "Data", header: [spaced ? "Region " : "Region", "Quarter", "Product", "Amount"], rows }] },
    solve: [
      {
        thought: `I'll aggregate with plain Python and write the 'Pivot' sheet with openpyxl into a copy of the input, so the Data sheet and its formatting stay untouched.${spaced ? " The header reads 'Region ' (trailing space), so I index columns by position." : ""}`,
        command: heredoc(
          ["from collections import defaultdict", "from openpyxl import load_workbook", `wb = load_workbook("${out}")`, "sums = defaultdict(float)", 'for region, quarter, _, amount in wb["Data"].iter_rows(min_row=2, values_only=True):', "    sums[(region, quarter)] += amount", 'ws = wb.create_sheet("Pivot")', 'ws.append(["Region", "Q1", "Q2", "Q3", "Q4", "Grand Total"])', `for region in ${JSON.stringify(REGIONS)}:`, '    vals = [round(sums[(region, q)], 2) for q in ["Q1", "Q2", "Q3", "Q4"]]', "    ws.append([region, *vals, round(sum(vals), 2)])", `wb.save("${out}")`, "for row in ws.iter_rows(values_only=True):", "    print(row)"],
          copyInput(file),
        ),
        output: table.join("\n"),
      },
    ],
    verify: { thought: "Confirm both sheets exist and the Pivot layout starts at A1.", command: heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}", data_only=True)`, 'print(wb.sheetnames, wb["Pivot"].dimensions, wb["Data"].max_row)']), output: `['Data', 'Pivot'] A1:F5 ${rows.length + 1}` },
    done: "TASK_COMPLETE\nAdded the 'Pivot' sheet (A1:F5: regions × Q1–Q4 with a Grand Total column); the Data sheet is unchanged.",
    unchanged: "FAIL: sheet 'Pivot' not found in output",
    pitfalls: [
      {
        id: "pandas-to-excel",
        actions: [{ thought: "pandas.pivot_table does exactly this, with margins for the totals.", command: pandasCmd, output: pandasOut }],
        final: "TASK_COMPLETE\nCreated the Pivot sheet with totals by Region and Quarter, including a Grand Total.",
        grader: "FAIL: output has sheets ['Pivot'], expected ['Data', 'Pivot'] — to_excel replaced the workbook; also Pivot!A1 is 'Region' over a 'Quarter' header row, so B2 is 'None' instead of a number and a 'Grand Total' row was added",
      },
    ],
    errors: spaced
      ? [{ id: "header-space", action: failingRun("Let me build it with pandas first to see the numbers.", pandasCmd.replace('df.columns = df.columns.str.strip()\n', ""), "pivot = df.pivot_table", FRAMES.pandasKey, "KeyError: 'Region'"), fix: "The header is 'Region ' with a trailing space. I'll avoid pandas here anyway (to_excel would rewrite the workbook) and use openpyxl on a copy." }]
      : [{ id: "missing-xlsxwriter", action: failingRun("I'll write the pivot with pandas' ExcelWriter in append mode.", heredoc(["import pandas as pd", `df = pd.read_excel("${inputPath(file)}", sheet_name="Data")`, 'pivot = df.pivot_table(index="Region", columns="Quarter", values="Amount", aggfunc="sum")', `with pd.ExcelWriter("${out}", engine="xlsxwriter") as w:`, '    pivot.to_excel(w, sheet_name="Pivot")']), "with pd.ExcelWriter", FRAMES.xlsxwriter, "ModuleNotFoundError: No module named 'xlsxwriter'"), fix: "xlsxwriter is not installed, and it cannot append to an existing workbook anyway. openpyxl on a copy of the input keeps the Data sheet intact." }],
  };
}

export function mergeTask(rng: TRng, n: number): TTask {
  const file = ["orders_march.xlsx", "shipments.xlsx", "renewals.xlsx", "service_tickets.xlsx", "deliveries.xlsx", "subscriptions.xlsx"][n % 6];
  const ids = CUSTOMERS.map((_, i) => 1040 + i * 3);
  const customers: TCell[][] = CUSTOMERS.map((c, i) => [ids[i], c, rng.pick(["SMB", "Mid-market", "Enterprise"])]);
  const unknown = [1099, 1102];
  const rows: TCell[][] = Array.from({ length: rng.int(20, 36) }, (_, i) => [`O-${5000 + i}`, rng.pick(ids), round2(rng.float(80, 2400))]);
  rows[rng.int(1, 8)][1] = unknown[0];
  rows[rng.int(10, rows.length - 1)][1] = unknown[1];
  const matched = rows.filter((r) => !unknown.includes(r[1] as number)).length;
  const out = outputPath(file);
  const nameOf = (id: number) => CUSTOMERS[ids.indexOf(id)] ?? null;
  const fill = (path: string) =>
    heredoc(["from openpyxl import load_workbook", `cust = {r[0]: r[1:] for r in load_workbook("${path}")["Customers"].iter_rows(min_row=2, values_only=True)}`, `wb = load_workbook("${out}")`, 'ws = wb["Orders"]', 'ws["D1"], ws["E1"] = "Name", "Segment"', "missing = []", "for r in range(2, ws.max_row + 1):", "    name, segment = cust.get(ws.cell(row=r, column=2).value, (None, None))", "    if name is None: missing.append(ws.cell(row=r, column=2).value)", "    ws.cell(row=r, column=4).value, ws.cell(row=r, column=5).value = name, segment", `wb.save("${out}")`, 'print(ws.max_row - 1, "rows; unmatched ids:", missing)'], copyInput(file));
  return {
    id: "",
    category: "merge",
    instruction: `Add the customer Name and Segment from customers.xlsx (sheet 'Customers') to every row of the 'Orders' sheet in ${file}, as columns D and E, matching on CustomerID. Keep every order, even without a match.`,
    instructionType: "Sheet-Level Manipulation",
    answerPosition: `Orders!D1:E${rows.length + 1}`,
    workbook: { file, sheets: [{ name: "Orders", header: ["OrderID", "CustomerID", "Amount"], rows }] },
    otherInputs: ["customers.xlsx"],
    solve: [{ thought: "A left join by hand with openpyxl: a dict from customers.xlsx, then fill D:E on a copy of the orders workbook so no order is dropped and formatting stays.", command: fill(inputPath("customers.xlsx")), output: `${rows.length} rows; unmatched ids: [${unknown.join(", ")}]` }],
    verify: { thought: "Read back a few rows and the row count.", command: heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${out}", data_only=True)["Orders"]`, "print(ws.max_row, [c.value for c in ws[2]])"]), output: `${rows.length + 1} ['${rows[0][0]}', ${rows[0][1]}, ${fmt(rows[0][2] as number)}, ${nameOf(rows[0][1] as number) === null ? "None, None" : `'${nameOf(rows[0][1] as number)}', '${customers[ids.indexOf(rows[0][1] as number)][2]}'`}]` },
    done: `TASK_COMPLETE\nAdded Name and Segment to all ${rows.length} orders; 2 orders (CustomerID ${unknown.join(", ")}) have no customer record and were left blank.`,
    unchanged: "FAIL Orders!D1: expected 'Name', found None",
    pitfalls: [
      {
        id: "inner-join-drops-rows",
        actions: [{ thought: "pandas merge is the simplest join.", command: heredoc(["import pandas as pd", `orders = pd.read_excel("${inputPath(file)}", sheet_name="Orders")`, `cust = pd.read_excel("${inputPath("customers.xlsx")}", sheet_name="Customers")`, 'merged = orders.merge(cust, on="CustomerID")', `merged.to_excel("${out}", sheet_name="Orders", index=False)`, "print(merged.shape)"]), output: `(${matched}, 5)` }],
        final: `TASK_COMPLETE\nMerged customer Name and Segment into Orders (${matched} rows).`,
        grader: `FAIL: Orders has ${matched} data rows, expected ${rows.length} — the inner join dropped the orders of CustomerID ${unknown.join(" and ")}; header formatting and column widths were also lost`,
      },
    ],
    errors: [
      {
        id: "second-file-path",
        action: failingRun("Copy the orders workbook and join the customers from the same folder.", fill(`/workspace/customers.xlsx`), "cust = {", [...FRAMES.loadWorkbook, ...FRAMES.zipOpen], "FileNotFoundError: [Errno 2] No such file or directory: '/workspace/customers.xlsx'"),
        fix: `customers.xlsx lives in /workspace/inputs like the main file. Use ${inputPath("customers.xlsx")}.`,
      },
    ],
  };
}

export function deleteRowsTask(rng: TRng, n: number): TTask {
  const file = ["inventory.xlsx", "catalog_2024.xlsx", "warehouse_b.xlsx", "parts_list.xlsx", "stock_levels.xlsx", "sku_master.xlsx"][n % 6];
  const rows: TCell[][] = Array.from({ length: rng.int(24, 44) }, (_, i) => [`SKU-${3100 + i}`, `${rng.pick(PRODUCTS)} ${rng.pick(["S", "M", "L", "XL"])}`, rng.int(0, 400), rng.chance(0.22) ? "Discontinued" : "Active"]);
  const k = rng.int(4, rows.length - 6);
  rows[k][3] = "Discontinued";
  rows[k + 1][3] = "Discontinued";
  const doomed = rows.map((r, i) => (r[3] === "Discontinued" ? i + 2 : 0)).filter(Boolean);
  // What the top-down loop really does: range() is fixed up front, and each deletion moves the
  // next row up into the index just checked, so a run of adjacent matches loses every other one.
  const statuses = rows.map((r) => r[3]);
  let deletedTopDown = 0;
  for (let r = 2; r <= rows.length + 1; r++) {
    if (statuses[r - 2] === "Discontinued") {
      statuses.splice(r - 2, 1);
      deletedTopDown++;
    }
  }
  const leftTopDown = statuses.filter((s) => s === "Discontinued").length;
  const out = outputPath(file);
  return {
    id: "",
    category: "delete-rows",
    instruction: "Delete every row of the 'Inventory' sheet whose Status is 'Discontinued'. Keep all other rows, the header styling and the column widths unchanged.",
    instructionType: "Sheet-Level Manipulation",
    answerPosition: `Inventory!A1:D${rows.length + 1 - doomed.length}`,
    workbook: { file, sheets: [{ name: "Inventory", header: ["SKU", "Item", "Qty", "Status"], rows }] },
    inspect: { thought: "Find which rows are Discontinued before deleting anything.", command: heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${inputPath(file)}")["Inventory"]`, 'print([r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=4).value == "Discontinued"])']), output: `[${doomed.join(", ")}]` },
    solve: [{ thought: `${doomed.length} rows are Discontinued, some adjacent (rows ${k + 2}–${k + 3}). Deleting top-down would shift indices, so I'll collect the row numbers and delete from the bottom up, on a copy of the input.`, command: heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, 'ws = wb["Inventory"]', 'doomed = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=4).value == "Discontinued"]', "for r in reversed(doomed):", "    ws.delete_rows(r)", `wb.save("${out}")`, 'print("deleted", len(doomed), "rows; now", ws.max_row - 1, "data rows")'], copyInput(file)), output: `deleted ${doomed.length} rows; now ${rows.length - doomed.length} data rows` }],
    verify: { thought: "Count the remaining statuses to make sure none is Discontinued.", command: heredoc(["from collections import Counter", "from openpyxl import load_workbook", `ws = load_workbook("${out}")["Inventory"]`, "print(Counter(r[3] for r in ws.iter_rows(min_row=2, values_only=True)), ws.column_dimensions['B'].width)"]), output: `Counter({'Active': ${rows.length - doomed.length}}) 28.5` },
    done: `TASK_COMPLETE\nDeleted the ${doomed.length} Discontinued rows (bottom-up, so adjacent rows were not skipped); ${rows.length - doomed.length} rows remain with the original formatting.`,
    unchanged: `FAIL: Inventory still has ${doomed.length} 'Discontinued' rows`,
    pitfalls: [
      {
        id: "delete-top-down",
        actions: [{ thought: "Walk the rows and delete each Discontinued one.", command: heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, 'ws = wb["Inventory"]', "deleted = 0", "for r in range(2, ws.max_row + 1):", '    if ws.cell(row=r, column=4).value == "Discontinued":', "        ws.delete_rows(r)", "        deleted += 1", `wb.save("${out}")`, 'print("deleted", deleted)'], copyInput(file)), output: `deleted ${deletedTopDown}` }],
        final: `TASK_COMPLETE\nRemoved the Discontinued rows from Inventory.`,
        grader: `FAIL: Inventory still has ${leftTopDown} 'Discontinued' row(s) — deleting top-down shifted the next row into the deleted index, so adjacent matches were skipped`,
      },
      {
        id: "pandas-to-excel",
        actions: [{ thought: "Filter with pandas and write the result.", command: heredoc(["import pandas as pd", `df = pd.read_excel("${inputPath(file)}", sheet_name="Inventory")`, 'df = df[df["Status"] != "Discontinued"]', `df.to_excel("${out}", sheet_name="Inventory", index=False)`, "print(len(df))"]), output: String(rows.length - doomed.length) }],
        final: `TASK_COMPLETE\nInventory now has ${rows.length - doomed.length} rows, none Discontinued.`,
        grader: "FAIL formatting: Inventory!A1 lost its bold header and fill, column widths were reset to default — DataFrame.to_excel rewrote the sheet",
      },
    ],
    errors: [{ id: "delete-args", action: failingRun("Copy the file and delete the matching rows.", heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, 'ws = wb["Inventory"]', "for row in list(ws.iter_rows(min_row=2)):", '    if row[3].value == "Discontinued":', "        ws.delete_rows(row)", `wb.save("${out}")`], copyInput(file)), "        ws.delete_rows(row)", [`  File "/usr/local/lib/python3.11/site-packages/openpyxl/worksheet/worksheet.py", line 726, in delete_rows`, "    self._move_cells(min_row=idx+amount, offset=-amount, row_or_col=\"row\")"], "TypeError: can only concatenate tuple (not \"int\") to tuple"), fix: "delete_rows takes a row number, not a row of cells. I'll collect the row numbers first and delete them bottom-up so the indices do not shift." }],
  };
}
