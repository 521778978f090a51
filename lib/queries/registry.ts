import { queryOptions } from "@tanstack/react-query";
import type { TLineProvenance } from "../registry/line-provenance";
import { apiFetch } from "./api";

// Query keys and fetchers of the registry screens.

export const registryKeys = {
  line: (ws: string, name: string, version: string, file: string, line: number) => ["w", ws, "registry", name, version, "line", file, line] as const,
};

const base = (ws: string, name: string) => `/api/w/${encodeURIComponent(ws)}/skills/${encodeURIComponent(name)}`;

/** A published version never changes, so what wrote a line is fetched once. */
export const lineProvenanceQuery = (ws: string, name: string, version: string, file: string, line: number) =>
  queryOptions({
    queryKey: registryKeys.line(ws, name, version, file, line),
    queryFn: ({ signal }) => apiFetch<TLineProvenance>(`${base(ws, name)}/versions/${encodeURIComponent(version)}/provenance?file=${encodeURIComponent(file)}&line=${line}`, { signal }),
    staleTime: Infinity,
  });

export const tagPath = (ws: string, name: string, tag: string) => `${base(ws, name)}/tags/${encodeURIComponent(tag)}`;
export const deprecatePath = (ws: string, name: string, version: string) => `${base(ws, name)}/versions/${encodeURIComponent(version)}/deprecate`;
