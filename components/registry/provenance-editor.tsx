"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "../ui/skeleton";
import type { TProvenanceEditorProps } from "./provenance-editor-impl";

// Monaco loads in the browser only, on first use.
export const ProvenanceEditor = dynamic<TProvenanceEditorProps>(() => import("./provenance-editor-impl").then((m) => m.ProvenanceEditorImpl), { ssr: false, loading: () => <Skeleton className="h-full min-h-64 w-full" /> });
