"use client";

import Editor from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import { languageOf, monaco, READ_ONLY_OPTIONS } from "../skills/monaco-setup";

// A read-only published file where lines written by proposal items carry a gutter mark; a click on
// any line reports it (the drill-down asks the server what wrote it). Monaco's imperative API is the
// one place effects are allowed; decorations are cleared with the editor.

export type TProvenanceEditorProps = {
  path: string;
  value: string;
  modelScope: string;
  /** 1-based lines that have provenance. */
  markedLines: readonly number[];
  selectedLine: number | null;
  onLineClick: (line: number) => void;
};

const CSS =
  ".prov-line-mark{background:#6366f1;width:4px!important;margin-left:3px;border-radius:2px;cursor:pointer}.prov-line{background:rgba(99,102,241,.06)}.prov-selected{background:rgba(250,204,21,.3)!important}";

export function ProvenanceEditorImpl({ path, value, modelScope, markedLines, selectedLine, onLineClick }: TProvenanceEditorProps) {
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onLineClick);
  clickRef.current = onLineClick;

  useEffect(() => {
    if (!editor) return;
    const marked = new Set(markedLines);
    const decorations = editor.createDecorationsCollection([
      ...[...marked].map((line) => ({ range: new monaco.Range(line, 1, line, 1), options: { isWholeLine: true, className: "prov-line", linesDecorationsClassName: "prov-line-mark", hoverMessage: { value: "Written by a proposal item — click to trace it" } } })),
      ...(selectedLine ? [{ range: new monaco.Range(selectedLine, 1, selectedLine, 1), options: { isWholeLine: true, className: "prov-selected" } }] : []),
    ]);
    return () => decorations.clear();
  }, [editor, markedLines, selectedLine, value]);

  useEffect(() => {
    if (!editor) return;
    const sub = editor.onMouseDown((e) => {
      const line = e.target.position?.lineNumber;
      if (line) clickRef.current(line);
    });
    return () => sub.dispose();
  }, [editor]);

  useEffect(() => {
    if (editor && selectedLine) editor.revealLineInCenterIfOutsideViewport(selectedLine);
  }, [editor, selectedLine]);

  return (
    <div ref={wrapper} data-testid="provenance-editor" data-path={path} data-ready={editor ? "true" : "false"} data-marked-lines={markedLines.join(",")} className="h-full min-h-0">
      <style>{CSS}</style>
      <Editor height="100%" path={`${modelScope}/${path}`} value={value} language={languageOf(path)} options={{ ...READ_ONLY_OPTIONS, readOnly: true, domReadOnly: true, lineDecorationsWidth: 14 }} onMount={(e) => setEditor(e)} />
    </div>
  );
}
