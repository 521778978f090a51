import { pullCommands } from "@/lib/registry/pull-commands";
import { CopyButton } from "../ui/copy-button";

// The CLI and curl lines for one skill; the token note only for private workspaces.
export function PullInstructions(props: { baseUrl: string; ws: string; name: string; ref: string; isPublic: boolean }) {
  const c = pullCommands(props);
  return (
    <div className="space-y-2 text-xs" data-testid={`pull-${props.name}`}>
      {[
        ["CLI", c.cli],
        ["curl", c.curl],
      ].map(([label, cmd]) => (
        <div key={label} className="flex items-start gap-2">
          <span className="w-9 shrink-0 pt-1.5 font-medium text-slate-500">{label}</span>
          <code data-testid={`pull-${label}`} className="min-w-0 flex-1 break-all rounded bg-slate-900 px-2 py-1.5 font-mono text-[11px] text-slate-100">
            {cmd}
          </code>
          <CopyButton value={cmd!} label="Copy" />
        </div>
      ))}
      {props.isPublic ? null : <p className="text-slate-500">This workspace is private: create an API key (any role) in Settings and export it as T2S_TOKEN.</p>}
    </div>
  );
}
