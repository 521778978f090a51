// Props of the Monaco wrappers, in their own module so callers can type them without importing
// Monaco (which only ever loads in the browser, through next/dynamic).

export type TEditorMarker = { line: number; severity: "error" | "warning"; message: string; source?: string };

/** A request to scroll to and highlight a line; a new `nonce` repeats the same line. */
export type TRevealRequest = { line: number; nonce: number };

export type TSkillFileEditorProps = {
  /** The file's path inside the skill; decides the language. */
  path: string;
  value: string;
  /** Distinguishes models of the same path in different versions (e.g. "1.0.0"). */
  modelScope?: string;
  readOnly?: boolean;
  onChange?: (value: string) => void;
  markers?: readonly TEditorMarker[];
  reveal?: TRevealRequest | null;
  height?: string | number;
  testId?: string;
};

export type TSkillDiffEditorProps = {
  path: string;
  /** The base text (left side); never editable. */
  original: string;
  /** The proposed text (right side). */
  modified: string;
  modelScope?: string;
  /** Lets a curator edit the proposed side; changes arrive through onChangeModified. */
  modifiedEditable?: boolean;
  onChangeModified?: (value: string) => void;
  sideBySide?: boolean;
  /** A line of the modified side to scroll to. */
  reveal?: TRevealRequest | null;
  markers?: readonly TEditorMarker[];
  height?: string | number;
  testId?: string;
};
