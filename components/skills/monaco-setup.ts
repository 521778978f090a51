import { loader } from "@monaco-editor/react";
import * as monaco from "./monaco-core";

// Monaco from the local package, never a CDN (the default of @monaco-editor/react): the machines
// this runs on have no internet, and skills may be private. Imported only by the *-impl editors,
// which next/dynamic loads in the browser.

self.MonacoEnvironment = {
  // Only the core editor worker: no language service (JSON, TypeScript, …) is loaded.
  getWorker: () => new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" }),
};
loader.config({ monaco });

export { monaco };

const LANGUAGES: Record<string, string> = { md: "markdown", markdown: "markdown", py: "python", sh: "shell", bash: "shell", yaml: "yaml", yml: "yaml", toml: "ini", ini: "ini", cfg: "ini", sql: "sql", r: "r", rb: "ruby", xml: "xml" };

/**
 * The Monaco language of a skill file: the tokenizers monaco-core registers. JSON, JavaScript,
 * TypeScript, CSS and HTML stay plain text; their language services are not bundled (monaco-core.ts).
 */
export function languageOf(path: string): string {
  const name = path.split("/").pop() ?? path;
  const ext = name.includes(".") ? name.split(".").pop()!.toLowerCase() : "";
  return LANGUAGES[ext] ?? "plaintext";
}

export const READ_ONLY_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  minimap: { enabled: false },
  wordWrap: "on",
  scrollBeyondLastLine: false,
  fontSize: 13,
  lineNumbersMinChars: 3,
  renderLineHighlight: "none",
  automaticLayout: true,
  // The system stack: no web font is downloaded.
  fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
};

/** Global CSS for the revealed-line decoration (Monaco decorations take global class names). */
export const REVEAL_CSS = ".skill-revealed-line{background:rgba(250,204,21,.28)}.skill-revealed-gutter{border-left:3px solid #f59e0b;margin-left:2px}";

/** Lint findings as Monaco markers on a model (owner "skill-lint"). */
export function applyMarkers(model: monaco.editor.ITextModel | null, markers: readonly { line: number; severity: "error" | "warning"; message: string; source?: string }[]): void {
  if (!model) return;
  monaco.editor.setModelMarkers(
    model,
    "skill-lint",
    markers.map((m) => {
      const line = Math.min(Math.max(1, m.line), model.getLineCount());
      return { startLineNumber: line, endLineNumber: line, startColumn: 1, endColumn: model.getLineMaxColumn(line), severity: m.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning, message: m.message, source: m.source };
    }),
  );
}

/** Scrolls a line into the middle, puts the cursor there and highlights it; returns the decorations. */
export function revealLine(editor: monaco.editor.ICodeEditor, line: number, previous: monaco.editor.IEditorDecorationsCollection | null): monaco.editor.IEditorDecorationsCollection {
  const model = editor.getModel();
  const target = Math.min(Math.max(1, line), model?.getLineCount() ?? line);
  editor.revealLineInCenter(target);
  editor.setPosition({ lineNumber: target, column: 1 });
  previous?.clear();
  return editor.createDecorationsCollection([{ range: new monaco.Range(target, 1, target, 1), options: { isWholeLine: true, className: "skill-revealed-line", linesDecorationsClassName: "skill-revealed-gutter" } }]);
}
