"use client";

// The diff wrapper exposes no editor handle, so entering edit mode finds the diff editor by its
// model scope through Monaco's registry and puts the caret at the end of the item's first changed
// line: typing right away then stays inside the item's lines, which is all an edit may change.

export async function focusModifiedLine(scope: string, line: number): Promise<void> {
  const { monaco } = await import("../skills/monaco-setup");
  for (let attempt = 0; attempt < 30; attempt++) {
    const diff = monaco.editor.getDiffEditors().find((d) => d.getModifiedEditor().getModel()?.uri.toString().includes(scope));
    const editor = diff?.getModifiedEditor();
    const model = editor?.getModel();
    if (editor && model && !editor.getOption(monaco.editor.EditorOption.readOnly)) {
      const target = Math.min(Math.max(1, line), model.getLineCount());
      editor.revealLineInCenter(target);
      editor.setPosition({ lineNumber: target, column: model.getLineMaxColumn(target) });
      editor.focus();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
