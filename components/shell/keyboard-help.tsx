"use client";

import { useEffect, useState } from "react";
import { Dialog } from "../ui/dialog";
import { useRegisteredShortcuts } from "./screen-shortcuts";
import { isTypingTarget, NAV_SHORTCUTS } from "./shortcuts";

const GENERAL = [
  { keys: "?", label: "Show this cheatsheet" },
  { keys: "Esc", label: "Close dialogs and menus" },
];

function Kbd({ children }: { children: string }) {
  return <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-700">{children}</kbd>;
}

/** `?` anywhere opens the list of keyboard shortcuts (screens add their own to the same dialog later). */
export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  const screens = useRegisteredShortcuts();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "?" && !e.metaKey && !e.ctrlKey && !isTypingTarget(e.target)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <Dialog open={open} onOpenChange={setOpen} title="Keyboard shortcuts" testId="keyboard-help">
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {[...GENERAL, ...NAV_SHORTCUTS].map((s) => (
          <div key={s.keys} className="contents">
            <dt className="flex gap-1">
              {s.keys.split(" ").map((k) => (
                <Kbd key={k}>{k}</Kbd>
              ))}
            </dt>
            <dd className="text-slate-600">{s.label}</dd>
          </div>
        ))}
      </dl>
      {screens.map((screen) => (
        <section key={screen.id} className="mt-4" data-testid={`shortcuts-${screen.id}`}>
          <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{screen.title}</h3>
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            {screen.shortcuts.map((s) => (
              <div key={s.keys} className="contents">
                <dt className="flex gap-1">
                  {s.keys.split(" ").map((k) => (
                    <Kbd key={k}>{k}</Kbd>
                  ))}
                </dt>
                <dd className="text-slate-600">{s.label}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <p className="mt-4 text-xs text-slate-500">Shortcuts are off while you type in a field.</p>
    </Dialog>
  );
}
