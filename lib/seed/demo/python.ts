import { inputPath, outputPath, type TAction, type TToolError } from "./types";

// Bash commands that run Python from a heredoc, and the tracebacks CPython 3.11, openpyxl 3.1 and
// pandas 2.2 really print for the mistakes the demo agent makes (line numbers point into the script).

const SITE = "/usr/local/lib/python3.11/site-packages";

export function heredoc(lines: string[], prefix?: string): string {
  return `${prefix ? `${prefix} && ` : ""}python3 - <<'EOF'\n${lines.join("\n")}\nEOF`;
}

export const copyInput = (file: string) => `cp ${inputPath(file)} ${outputPath(file)}`;

export const FRAMES = {
  sheetKey: [`  File "${SITE}/openpyxl/workbook/workbook.py", line 287, in __getitem__`, `    raise KeyError("Worksheet {0} does not exist.".format(key))`],
  loadWorkbook: [
    `  File "${SITE}/openpyxl/reader/excel.py", line 346, in load_workbook`,
    "    reader = ExcelReader(filename, read_only, keep_vba,",
    `  File "${SITE}/openpyxl/reader/excel.py", line 123, in __init__`,
    "    self.archive = _validate_archive(fn)",
  ],
  zipOpen: [`  File "${SITE}/openpyxl/reader/excel.py", line 95, in _validate_archive`, "    archive = ZipFile(filename, 'r')", `  File "/usr/local/lib/python3.11/zipfile.py", line 1284, in __init__`, "    self.fp = io.open(file, filemode)"],
  csvRefused: [`  File "${SITE}/openpyxl/reader/excel.py", line 93, in _validate_archive`, "    raise InvalidFileException(msg)"],
  color: [
    `  File "${SITE}/openpyxl/styles/fills.py", line 86, in __init__`,
    "    self.fgColor = fgColor",
    `  File "${SITE}/openpyxl/styles/colors.py", line 130, in __set__`,
    "    raise ValueError('Colors must be aRGB hex values')",
  ],
  pandasKey: [
    `  File "${SITE}/pandas/core/frame.py", line 4102, in __getitem__`,
    "    indexer = self.columns.get_loc(key)",
    `  File "${SITE}/pandas/core/indexes/base.py", line 3812, in get_loc`,
    "    raise KeyError(key) from err",
  ],
  strptime: [
    `  File "/usr/local/lib/python3.11/_strptime.py", line 568, in _strptime_datetime`,
    "    tt, fraction, gmtoff_fraction = _strptime(data_string, format)",
    `  File "/usr/local/lib/python3.11/_strptime.py", line 349, in _strptime`,
    '    raise ValueError("time data %r does not match format %r" %',
  ],
  xlsxwriter: [
    `  File "${SITE}/pandas/io/excel/_xlsxwriter.py", line 197, in __init__`,
    "    from xlsxwriter import Workbook",
  ],
} as const;

/** A failed run of `command`: the traceback points at the first script line containing `at`. */
export function traceback(command: string, at: string, frames: readonly string[], error: string): string {
  const body = command.slice(command.indexOf("<<'EOF'\n") + 8).split("\n");
  const line = Math.max(1, body.findIndex((l) => l.includes(at)) + 1);
  return ["Traceback (most recent call last):", `  File "<stdin>", line ${line}, in <module>`, ...frames, error, "[exit code 1]"].join("\n");
}

export function failingRun(thought: string, command: string, at: string, frames: readonly string[], error: string): TAction {
  return { thought, command, output: traceback(command, at, frames, error), isError: true, execSeconds: 0.7 };
}

/** Mistakes any task can start with, before the agent has looked at the input. */
export function earlyErrors(file: string): TToolError[] {
  const pythonMissing: TToolError = {
    id: "python-not-found",
    action: { thought: "First I'll check that openpyxl is available.", command: 'python -c "import openpyxl; print(openpyxl.__version__)"', output: "bash: line 1: python: command not found\n[exit code 127]", isError: true, execSeconds: 0.1 },
    fix: "Only `python3` is on the PATH. openpyxl loads fine with python3, so let me inspect the input with it.",
  };
  if (file.endsWith(".csv")) return [pythonMissing];
  const guessSheet = heredoc(["from openpyxl import load_workbook", `wb = load_workbook("${inputPath(file)}")`, 'ws = wb["Sheet1"]', "print(ws.max_row, ws.max_column)"]);
  const guessPath = heredoc(["from openpyxl import load_workbook", `wb = load_workbook("/workspace/${file}")`, "print(wb.sheetnames)"]);
  return [
    pythonMissing,
    {
      id: "sheet-name-guess",
      action: failingRun("I'll open the workbook and look at the first sheet to see its size.", guessSheet, 'wb["Sheet1"]', FRAMES.sheetKey, "KeyError: 'Worksheet Sheet1 does not exist.'"),
      fix: "There is no sheet called 'Sheet1'. I should list the real sheet names and look at the first rows instead of guessing.",
    },
    {
      id: "file-not-found",
      action: failingRun("Let me load the workbook and print its sheet names.", guessPath, "load_workbook(", [...FRAMES.loadWorkbook, ...FRAMES.zipOpen], `FileNotFoundError: [Errno 2] No such file or directory: '/workspace/${file}'`),
      fix: `The file is not in /workspace itself; the task gave spreadsheet_path ${inputPath(file)}. I'll use that exact path.`,
    },
  ];
}
