/** Shortcuts stay off while a person types into a field or an editor. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable || Boolean(el.closest?.(".monaco-editor"));
}

export const NAV_SHORTCUTS: { keys: string; label: string; section: string }[] = [
  { keys: "g p", label: "Go to Pools", section: "pools" },
  { keys: "g r", label: "Go to Runs", section: "runs" },
  { keys: "g v", label: "Go to Review", section: "review" },
  { keys: "g s", label: "Go to Skills", section: "skills" },
  { keys: "g g", label: "Go to Registry", section: "registry" },
  { keys: "g ,", label: "Go to Settings", section: "settings" },
];
