"use client";

import Editor from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import type { TSkillFileEditorProps } from "./editor-types";
import { applyMarkers, languageOf, monaco, READ_ONLY_OPTIONS, REVEAL_CSS, revealLine } from "./monaco-setup";

// Monaco's imperative API is the one place effects are allowed (ARCHITECTURE house style 11):
// markers and reveal requests are pushed into the editor, and cleaned up with it.

export function SkillFileEditorImpl({ path, value, modelScope, readOnly = true, onChange, markers = [], reveal, height = "100%", testId = "skill-file-editor" }: TSkillFileEditorProps) {
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);

  useEffect(() => {
    if (!editor) return;
    applyMarkers(editor.getModel(), markers);
  }, [editor, markers, value, path]);

  useEffect(() => {
    if (!editor || !reveal) return;
    decorations.current = revealLine(editor, reveal.line, decorations.current);
    wrapper.current?.setAttribute("data-revealed-line", String(editor.getPosition()?.lineNumber ?? reveal.line));
  }, [editor, reveal, path]);

  // onMount of @monaco-editor/react did not reach this component when the page was entered by a
  // client navigation that also loaded Monaco (seen after "New skill"): pick the editor up from
  // Monaco itself as well, by the container it was created in.
  useEffect(() => {
    const adopt = () => {
      const found = monaco.editor.getEditors().find((e) => wrapper.current?.contains(e.getContainerDomNode()));
      if (found) setEditor(found as monaco.editor.IStandaloneCodeEditor);
    };
    adopt();
    const sub = monaco.editor.onDidCreateEditor(() => setTimeout(adopt, 0));
    return () => {
      sub.dispose();
      decorations.current?.clear();
    };
  }, []);

  return (
    <div ref={wrapper} data-testid={testId} data-path={path} data-ready={editor ? "true" : "false"} className="h-full min-h-0">
      <style>{REVEAL_CSS}</style>
      <Editor
        height={height}
        path={`${modelScope ? `${modelScope}/` : ""}${path}`}
        value={value}
        language={languageOf(path)}
        options={{ ...READ_ONLY_OPTIONS, readOnly, domReadOnly: readOnly }}
        onChange={(v) => onChange?.(v ?? "")}
        onMount={(e) => setEditor(e)}
      />
    </div>
  );
}
