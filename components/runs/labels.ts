import type { TTreeNode } from "@/lib/distill/merge-tree";
import type { TRunDetail } from "@/lib/distill/run-detail";

// Labels shared by server pages and client components (kept out of "use client" modules so a
// server component can call them).

export function baseLabel(run: Pick<TRunDetail, "base">): string {
  return run.base.kind === "create" ? `create ${run.base.skill}` : `${run.base.skill}@${run.base.version ?? "?"}`;
}

export function nodeLabel(n: Pick<TTreeNode, "node" | "status">): string {
  if (n.status === "failed") return "failed";
  if (n.node === "passed_through") return "passed through";
  if (n.status === "forced") return "forced merge";
  return n.node === "map" ? "map patch" : n.node;
}
