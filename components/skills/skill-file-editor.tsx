"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "../ui/skeleton";
import type { TSkillDiffEditorProps, TSkillFileEditorProps } from "./editor-types";

// The entry points other screens import: Monaco is loaded in the browser only, on first use.

export type { TEditorMarker, TRevealRequest, TSkillDiffEditorProps, TSkillFileEditorProps } from "./editor-types";

const loading = () => <Skeleton className="h-full min-h-64 w-full" />;

export const SkillFileEditor = dynamic<TSkillFileEditorProps>(() => import("./skill-file-editor-impl").then((m) => m.SkillFileEditorImpl), { ssr: false, loading });

export const SkillDiffEditor = dynamic<TSkillDiffEditorProps>(() => import("./skill-diff-editor-impl").then((m) => m.SkillDiffEditorImpl), { ssr: false, loading });
