import type { TLlmUsage } from "./types";

// Prices are configuration, not code: providers change them and self-hosted models cost nothing
// per token. A model's own entry wins over the default.

export type TPrice = { inputPerMTok: number; outputPerMTok: number };
export type TPricing = { default: TPrice; models?: Record<string, TPrice> };

export const FREE: TPricing = { default: { inputPerMTok: 0, outputPerMTok: 0 } };

export function findPrice(model: string, pricing: TPricing): TPrice {
  return pricing.models?.[model] ?? pricing.default;
}

export function computeCostUsd(model: string, tokensIn: number, tokensOut: number, pricing: TPricing): number {
  const price = findPrice(model, pricing);
  return (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1_000_000;
}

export function addUsage(into: TLlmUsage, add: TLlmUsage): void {
  into.tokensIn += add.tokensIn;
  into.tokensOut += add.tokensOut;
  into.costUsd += add.costUsd;
}
