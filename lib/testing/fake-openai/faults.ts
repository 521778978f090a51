import { FAULT_KINDS, type TFakeScript, type TFaultKind } from "./script";

// Seeded choices, so a run with a fault rate hits the same faults every time it runs.

/** mulberry32: tiny, fast and good enough to spread test faults. */
export function createSeededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listWeights(kinds: TFakeScript["faultKinds"]): Array<[TFaultKind, number]> {
  if (kinds === undefined) return FAULT_KINDS.filter((k) => k !== "json_schema_unsupported").map((k) => [k, 1]);
  if (Array.isArray(kinds)) return kinds.map((k) => [k, 1]);
  return Object.entries(kinds).filter(([, w]) => (w ?? 0) > 0) as Array<[TFaultKind, number]>;
}

export function createFaultPicker(script: TFakeScript, random: () => number): () => TFaultKind | null {
  const sequence = [...(script.faultSequence ?? [])];
  const weights = listWeights(script.faultKinds);
  const total = weights.reduce((s, [, w]) => s + w, 0);
  return () => {
    if (sequence.length > 0) return sequence.shift() ?? null;
    const rate = script.faultRate ?? 0;
    if (rate <= 0 || total <= 0 || random() >= rate) return null;
    let pick = random() * total;
    for (const [kind, w] of weights) {
      pick -= w;
      if (pick < 0) return kind;
    }
    return weights[weights.length - 1][0];
  };
}

export function pickLatencyMs(latency: TFakeScript["latencyMs"], random: () => number): number {
  if (latency === undefined) return 0;
  if (typeof latency === "number") return latency;
  const [min, max] = latency;
  return min + Math.floor(random() * Math.max(0, max - min));
}

/** Breaks a JSON answer the way models do: prose around it and the closing brace lost. */
export function corruptContent(content: string): string {
  const cut = content.trimEnd().replace(/[}\]]\s*$/, "");
  return `Sure! Here is the result:\n${cut}\nLet me know if you need anything else.`;
}

export function truncateContent(content: string): string {
  return content.slice(0, Math.max(1, Math.floor(content.length / 2)));
}
