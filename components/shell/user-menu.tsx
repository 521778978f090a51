"use client";

import * as DM from "@radix-ui/react-dropdown-menu";
import { ChevronsUpDown, LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { authClient } from "@/lib/auth/client";
import { ROLE_LABEL, type TRole } from "@/lib/auth/roles";

export function UserMenu({ user, role }: { user: { name: string; email: string }; role: TRole }) {
  const router = useRouter();
  return (
    <DM.Root>
      <DM.Trigger data-testid="user-menu" className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-slate-100">
        <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700">{user.name.slice(0, 1).toUpperCase()}</span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium text-slate-800">{user.name}</span>
          <span className="block truncate text-xs text-slate-500" data-testid="current-role">
            {ROLE_LABEL[role]} · {user.email}
          </span>
        </span>
        <ChevronsUpDown size={14} className="text-slate-400" />
      </DM.Trigger>
      <DM.Portal>
        <DM.Content side="top" align="start" sideOffset={6} className="z-50 min-w-52 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <DM.Item
            data-testid="sign-out"
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
            onSelect={async () => {
              const res = await authClient.signOut();
              if (res.error) toast.error(res.error.message ?? "Could not sign out.");
              else router.push("/sign-in");
            }}
          >
            <LogOut size={14} /> Sign out
          </DM.Item>
        </DM.Content>
      </DM.Portal>
    </DM.Root>
  );
}
