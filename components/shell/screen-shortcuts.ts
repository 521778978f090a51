"use client";

import { useEffect, useSyncExternalStore } from "react";

// Screens register their own shortcuts while mounted, so the one `?` cheatsheet lists them in a
// section of their own next to the global ones (instead of each screen opening a second dialog).

export type TScreenShortcut = { keys: string; label: string };
export type TScreenShortcuts = { id: string; title: string; shortcuts: readonly TScreenShortcut[] };

let registered: readonly TScreenShortcuts[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** Lists `shortcuts` under `title` in the cheatsheet while the calling screen is mounted. */
export function useScreenShortcuts(id: string, title: string, shortcuts: readonly TScreenShortcut[]): void {
  useEffect(() => {
    registered = [...registered.filter((s) => s.id !== id), { id, title, shortcuts }];
    emit();
    return () => {
      registered = registered.filter((s) => s.id !== id);
      emit();
    };
  }, [id, title, shortcuts]);
}

export function useRegisteredShortcuts(): readonly TScreenShortcuts[] {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => registered,
    () => registered,
  );
}
