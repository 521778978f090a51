import type { TRng } from "./prng";
import { copyInput, failingRun, heredoc } from "./python";
import { inputPath, outputPath, type TTask } from "./types";
import { PRODUCTS, REPS, round2, type TCell } from "./workbook";

// Tasks whose answer is a formula: openpyxl writes formulas without cached values, so a checker
// that reads values sees None unless the file is recalculated (recalc.py drives LibreOffice) and
// read back with data_only=True — the single most frequent lesson in Trace2Skill's spreadsheet runs.

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(round2(n)));
const recalcOk = (file: string, formulas: number) => ({
  thought: "openpyxl stores formulas without computed values, so a checker reading values would see None. I'll recalculate with LibreOffice through recalc.py, which also reports formula errors.",
  command: `python3 /workspace/tools/recalc.py ${outputPath(file)} 60`,
  output: JSON.stringify({ status: "success", total_errors: 0, total_formulas: formulas }, null, 2),
  execSeconds: 7.5,
});

export function formulaColumnTask(rng: TRng, n: number): TTask {
  const file = ["order_lines.xlsx", "po_export.xlsx", "quote_items.xlsx", "shop_orders.xlsx", "line_items_may.xlsx", "reorder_list.xlsx"][n % 6];
  const sheet = ["Orders", "Lines", "Items", "Orders", "Sheet A", "Reorder"][n % 6];
  const rows: TCell[][] = Array.from({ length: rng.int(18, 36) }, (_, i) => {
    const product = rng.pick(PRODUCTS);
    return [1001 + i, product, rng.int(1, 25), rng.pick([12.4, 29.99, 34.5, 59.95, 74.25, 129]), null];
  });
  const last = rows.length + 1;
  const values = rows.map((r) => round2((r[2] as number) * (r[3] as number)));
  const total = round2(values.reduce((a, b) => a + b, 0));
  const out = outputPath(file);
  const write = (totalFormula: string) =>
    heredoc(
      ["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, `ws = wb["${sheet}"]`, `for r in range(2, ${last + 1}):`, '    ws[f"E{r}"] = f"=C{r}*D{r}"', `ws["E${last + 1}"] = "${totalFormula}"`, `ws["D${last + 1}"] = "Total"`, `wb.save("${out}")`, `print("wrote", ${rows.length + 1}, "formulas")`],
      copyInput(file),
    );
  const writeAction = { thought: `Revenue is column E, rows 2–${last}. Copy the input, write =C{r}*D{r} per row and =SUM(E2:E${last}) in E${last + 1}.`, command: write(`=SUM(E2:E${last})`), output: `wrote ${rows.length + 1} formulas` };
  const valuesCheck = heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${out}", data_only=True)["${sheet}"]`, `print(ws["E2"].value, ws["E3"].value, ws["E${last + 1}"].value)`]);
  return {
    id: "",
    category: "formula-recalc",
    instruction: `In '${sheet}', fill the Revenue column (E) with a formula Units × Unit Price for every row and put the grand total in E${last + 1} with a SUM formula. The checker reads the computed values.`,
    instructionType: "Cell-Level Manipulation",
    answerPosition: `${sheet}!E2:E${last + 1}`,
    workbook: { file, sheets: [{ name: sheet, header: ["Line", "Product", "Units", "Unit Price", "Revenue"], rows }] },
    solve: [writeAction, recalcOk(file, rows.length + 1)],
    verify: { thought: "Read the values back with data_only=True: they must be numbers, not None.", command: valuesCheck, output: `${fmt(values[0])} ${fmt(values[1])} ${fmt(total)}` },
    done: `TASK_COMPLETE\nE2:E${last} hold =C*D formulas and E${last + 1} =SUM(E2:E${last}); recalculated with LibreOffice (0 errors), total ${fmt(total)}.`,
    unchanged: `FAIL ${sheet}!E2: expected ${fmt(values[0])}, found None`,
    pitfalls: [
      {
        id: "formula-not-recalculated",
        actions: [writeAction, { thought: "Let me check the formulas landed where expected.", command: heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${out}")["${sheet}"]`, `print(ws["E2"].value, ws["E${last + 1}"].value)`]), output: `=C2*D2 =SUM(E2:E${last})` }],
        final: `TASK_COMPLETE\nFilled E2:E${last} with =C*D and added =SUM(E2:E${last}) in E${last + 1}; Excel will compute the values when the file is opened.`,
        grader: `FAIL ${sheet}!E2: expected ${fmt(values[0])}, found None — formulas have no cached values (the workbook was not recalculated)`,
      },
      {
        id: "read-back-none-ignored",
        actions: [writeAction, { thought: "Read back the computed values.", command: valuesCheck, output: "None None None" }],
        final: `TASK_COMPLETE\nThe formulas are in place; the values read as None only because openpyxl does not evaluate formulas, which Excel will do on open.`,
        grader: `FAIL ${sheet}!E${last + 1}: expected ${fmt(total)}, found None — the read-back showed None and the file was still not recalculated`,
      },
    ],
    errors: [
      {
        id: "circular-total",
        action: {
          thought: `Copy the input, write the per-row formulas and a SUM over column E for the total.`,
          command: `${write(`=SUM(E2:E${last + 1})`)}\npython3 /workspace/tools/recalc.py ${out} 60`,
          output: `wrote ${rows.length + 1} formulas\n${JSON.stringify({ status: "errors_found", total_errors: 1, total_formulas: rows.length + 1, error_summary: { "Err:522": { count: 1, locations: [`${sheet}!E${last + 1}`] } } }, null, 2)}`,
          execSeconds: 8,
        },
        fix: `Err:522 is a circular reference: the SUM in E${last + 1} includes itself. The range must stop at E${last}.`,
      },
    ],
  };
}

export function lookupTask(rng: TRng, n: number): TTask {
  const file = ["staff_directory.xlsx", "org_chart.xlsx", "headcount.xlsx", "team_roster.xlsx", "hr_export.xlsx", "oncall.xlsx"][n % 6];
  const teams = ["Platform", "Support", "Billing", "Growth", "Security"].slice(0, 3 + (n % 3));
  const managers = ["Maya Ortiz", "Sam Lee", "Priya Nair", "Tom Becker", "Ana Silva"];
  const rows: TCell[][] = Array.from({ length: rng.int(14, 30) }, (_, i) => [`${rng.pick(REPS)} ${String.fromCharCode(65 + (i % 26))}.`, rng.pick(teams), null]);
  const spaced = rng.int(2, rows.length - 1);
  rows[spaced][1] = `${rows[spaced][1]} `;
  const mgr = (team: string) => managers[teams.indexOf(team.trim())];
  const last = rows.length + 1;
  const out = outputPath(file);
  const fill = (key: string) =>
    heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, 'managers = {t: m for t, m in wb["Teams"].iter_rows(min_row=2, values_only=True)}', 'ws = wb["Staff"]', `for r in range(2, ${last + 1}):`, `    ws.cell(row=r, column=3).value = managers${key}`, `wb.save("${out}")`, `print("filled", ${rows.length}, "rows")`], copyInput(file));
  return {
    id: "",
    category: "lookup",
    instruction: `Fill the Manager column (C) of the 'Staff' sheet with each employee's team manager, looked up by Team in the 'Teams' sheet.`,
    instructionType: "Cell-Level Manipulation",
    answerPosition: `Staff!C2:C${last}`,
    workbook: { file, sheets: [{ name: "Staff", header: ["Employee", "Team", "Manager"], rows }, { name: "Teams", header: ["Team", "Manager"], rows: teams.map((t, i) => [t, managers[i]]) }] },
    inspect: { thought: "Lookups fail silently on near-matches, so compare the team names used in Staff with the keys in Teams.", command: heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${inputPath(file)}")`, 'print(sorted({repr(r[1]) for r in wb["Staff"].iter_rows(min_row=2, values_only=True)}))', 'print([r[0] for r in wb["Teams"].iter_rows(min_row=2, values_only=True)])']), output: `[${[...new Set(rows.map((r) => `'${r[1]}'`))].sort().map((s) => `"${s}"`).join(", ")}]\n[${teams.map((t) => `'${t}'`).join(", ")}]` },
    solve: [{ thought: `Team names must match exactly, and row ${spaced + 2} has '${rows[spaced][1]}' with a trailing space, so I'll strip before looking up. Values (not VLOOKUP formulas) avoid the recalculation problem.`, command: fill(".get(str(ws.cell(row=r, column=2).value).strip())"), output: `filled ${rows.length} rows` }],
    verify: { thought: "Check that no Manager cell is empty, reading values.", command: heredoc(["from openpyxl import load_workbook", `ws = load_workbook("${out}", data_only=True)["Staff"]`, "vals = [r[2] for r in ws.iter_rows(min_row=2, values_only=True)]", "print(len(vals), vals.count(None), vals[:3])"]), output: `${rows.length} 0 [${rows.slice(0, 3).map((r) => `'${mgr(r[1] as string)}'`).join(", ")}]` },
    done: `TASK_COMPLETE\nFilled Staff!C2:C${last} with the team managers (team names stripped of stray spaces); no empty cells.`,
    unchanged: `FAIL Staff!C2: expected '${mgr(rows[0][1] as string)}', found None`,
    pitfalls: [
      { id: "formula-not-recalculated", actions: [{ thought: "A VLOOKUP per row is the natural spreadsheet solution.", command: heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${out}")`, 'ws = wb["Staff"]', `for r in range(2, ${last + 1}):`, '    ws[f"C{r}"] = f"=VLOOKUP(B{r},Teams!A:B,2,FALSE)"', `wb.save("${out}")`, 'print(ws["C2"].value)'], copyInput(file)), output: "=VLOOKUP(B2,Teams!A:B,2,FALSE)" }], final: "TASK_COMPLETE\nAdded VLOOKUP formulas in the Manager column.", grader: `FAIL Staff!C2: expected '${mgr(rows[0][1] as string)}', found None — VLOOKUP formulas were never recalculated (and row ${spaced + 2} would give #N/A: 'Team ' has a trailing space)` },
      { id: "unstripped-key", actions: [{ thought: "Build a Team → Manager map and fill column C.", command: fill(".get(ws.cell(row=r, column=2).value)"), output: `filled ${rows.length} rows` }], final: `TASK_COMPLETE\nThe Manager column is filled for all ${rows.length} employees.`, grader: `FAIL Staff!C${spaced + 2}: expected '${mgr(rows[spaced][1] as string)}', found None (the team name has a trailing space)` },
    ],
    errors: [
      { id: "key-error", action: failingRun("Copy the file and fill the managers from a dict.", fill("[ws.cell(row=r, column=2).value]"), "    ws.cell(row=r, column=3)", [], `KeyError: '${rows[spaced][1]}'`), fix: `'${rows[spaced][1]}' has a trailing space, so it is not a key of the Teams map. Strip team names before the lookup.` },
    ],
  };
}
