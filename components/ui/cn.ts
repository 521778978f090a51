import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

// Later classes win over conflicting earlier ones (a caller's w-56 over a primitive's w-full).
export function cn(...values: ClassValue[]): string {
  return twMerge(clsx(values));
}
