import { expect } from "vitest";
import { AppError } from "../errors";

/** Awaits a promise that must reject with an AppError of `code`; returns the error for further checks. */
export async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected AppError ${code}`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}
