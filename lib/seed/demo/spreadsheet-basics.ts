import type { TSkillFiles } from "../../skills/patch";

// The base skill of the demo workspace: what a competent spreadsheet agent is told before any
// distillation. Deliberately general — the demo pool's failures (formulas written as values, dates
// as text, header rows counted as data) are what a run should add to it.

export const DEMO_SKILL_NAME = "spreadsheet-basics";
export const DEMO_SKILL_VERSION = "1.0.0";

const SKILL_MD = `---
name: spreadsheet-basics
description: Read, edit and create spreadsheets (.xlsx, .csv) with openpyxl and pandas in a Python sandbox. Use for any task that inspects cells, adds formulas or columns, reshapes sheets or converts between CSV and Excel.
license: Apache-2.0
metadata:
  version: 1.0.0
  author: Trace2Skill demo
---

# Spreadsheet basics

## When to use

Any task whose input or output is a workbook (.xlsx) or a CSV file: answering a question about the
data, changing cells, adding computed columns, summarising, or converting between formats.

## Choosing a library

- **openpyxl** when the workbook itself matters: formulas, formatting, several sheets, merged
  cells, column widths. It reads and writes .xlsx without Excel.
- **pandas** when the data matters: filtering, grouping, joining, pivoting, statistics. It loses
  formulas and formatting when it writes a workbook back.
- Both: analyse with pandas, then write results into the original workbook with openpyxl so the
  rest of the file is kept.

## Workflow

1. Inspect before you change anything: list the sheets, the used range of each
   (\`ws.dimensions\`) and the first rows, so you know where the header row is.
2. Read inputs only from the input folder; write a new file to the output path you were given.
3. Make the change in a short script, not cell by cell in an interactive session.
4. Save, open the saved file again and read back the cells you changed.
5. Report what you changed and where (sheet and cell range).

## Reading data

\`\`\`python
import pandas as pd
df = pd.read_excel("inputs/sales.xlsx", sheet_name="Data", header=0)
print(df.shape, list(df.columns))
print(df.head(10).to_string())
\`\`\`

- Pass \`sheet_name=None\` to get every sheet as a dict of DataFrames.
- Check \`df.dtypes\`: numbers stored as text and dates stored as strings are common.

## Writing cells and formulas

\`\`\`python
from openpyxl import load_workbook
wb = load_workbook("inputs/sales.xlsx")
ws = wb["Data"]
last = ws.max_row
ws[f"E{last + 1}"] = f"=SUM(E2:E{last})"
wb.save("outputs/sales.xlsx")
\`\`\`

- Write a formula when the task asks for one; write a value only when it asks for a value.
- openpyxl does not calculate formulas. \`load_workbook(..., data_only=True)\` returns the value
  Excel cached at its last save, or None for cells written by openpyxl.

## Checking your work

- Compare row counts before and after a filter or a join; say how many rows changed.
- Look for formula errors (#REF!, #DIV/0!, #NAME?) after writing formulas.
- Keep the sheet order, sheet names and header row as they were unless told otherwise.

See [the openpyxl and pandas cheatsheet](references/cheatsheet.md) for number formats, dates,
column widths and conversions.
`;

const CHEATSHEET_MD = `# openpyxl and pandas cheatsheet

## Contents

- [Number formats](#number-formats)
- [Dates](#dates)
- [Layout](#layout)
- [CSV and Excel](#csv-and-excel)

## Number formats

| Want | \`cell.number_format\` |
| --- | --- |
| Currency | \`'$#,##0.00'\` |
| Percent with one decimal | \`'0.0%'\` |
| Thousands separator | \`'#,##0'\` |
| ISO date | \`'yyyy-mm-dd'\` |

## Dates

- openpyxl returns \`datetime\` for cells that hold real dates; text that looks like a date stays a
  string. Convert with \`pd.to_datetime(df[col], errors="coerce")\` and check the NaT count.
- Write \`datetime\` objects, not strings, and set a number format so Excel shows them as dates.

## Layout

\`\`\`python
from openpyxl.utils import get_column_letter
for i, column in enumerate(ws.iter_cols(min_row=1, max_row=ws.max_row), start=1):
    width = max(len(str(c.value)) for c in column if c.value is not None)
    ws.column_dimensions[get_column_letter(i)].width = min(width + 2, 60)
ws.freeze_panes = "A2"
\`\`\`

## CSV and Excel

- \`pd.read_csv(path, sep=None, engine="python")\` sniffs the delimiter; pass \`encoding="utf-8-sig"\`
  for files saved by Excel with a byte-order mark.
- \`df.to_excel(path, index=False, sheet_name="Data")\` — without \`index=False\` pandas writes an
  extra first column.
`;

export function buildDemoSkillFiles(): TSkillFiles {
  return { "SKILL.md": SKILL_MD, "references/cheatsheet.md": CHEATSHEET_MD };
}
