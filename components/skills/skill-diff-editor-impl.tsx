"use client";

import { DiffEditor } from "@monaco-editor/react";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import type { TSkillDiffEditorProps } from "./editor-types";
import { applyMarkers, languageOf, monaco, READ_ONLY_OPTIONS, REVEAL_CSS, revealLine } from "./monaco-setup";

// Base on the left, proposal on the right. The modified side can be made editable for curators
// who adjust an edit before accepting it; every change is reported through onChangeModified.

export function SkillDiffEditorImpl({ path, original, modified, modelScope, modifiedEditable = false, onChangeModified, sideBySide = true, reveal, markers = [], height = "100%", testId = "skill-diff-editor" }: TSkillDiffEditorProps) {
  const [editor, setEditor] = useState<monaco.editor.IStandaloneDiffEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  // The latest callback without resubscribing to Monaco on every render.
  const emitChange = useEffectEvent((value: string) => onChangeModified?.(value));

  useEffect(() => {
    if (!editor) return;
    const sub = editor.getModifiedEditor().onDidChangeModelContent(() => emitChange(editor.getModifiedEditor().getValue()));
    return () => sub.dispose();
  }, [editor]);

  useEffect(() => {
    if (!editor) return;
    applyMarkers(editor.getModifiedEditor().getModel(), markers);
  }, [editor, markers, modified, path]);

  useEffect(() => {
    if (!editor || !reveal) return;
    decorations.current = revealLine(editor.getModifiedEditor(), reveal.line, decorations.current);
  }, [editor, reveal, path]);

  // As in SkillFileEditorImpl: also adopt the diff editor from Monaco by its container, in case
  // onMount does not reach this component.
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const adopt = () => {
      const found = monaco.editor.getDiffEditors().find((e) => wrapper.current?.contains(e.getContainerDomNode()));
      if (found) setEditor(found as monaco.editor.IStandaloneDiffEditor);
    };
    adopt();
    const sub = monaco.editor.onDidCreateDiffEditor(() => setTimeout(adopt, 0));
    return () => sub.dispose();
  }, []);

  const scope = modelScope ? `${modelScope}/` : "";
  return (
    <div ref={wrapper} data-testid={testId} data-path={path} data-ready={editor ? "true" : "false"} className="h-full min-h-0">
      <style>{REVEAL_CSS}</style>
      <DiffEditor
        height={height}
        original={original}
        modified={modified}
        language={languageOf(path)}
        originalModelPath={`original/${scope}${path}`}
        modifiedModelPath={`modified/${scope}${path}`}
        options={{ ...READ_ONLY_OPTIONS, readOnly: !modifiedEditable, originalEditable: false, renderSideBySide: sideBySide, renderLineHighlight: modifiedEditable ? "line" : "none" }}
        onMount={(e) => setEditor(e)}
      />
    </div>
  );
}
