/**
 * Input checks shared by every operation. Each failure is a BAD_USER_INPUT
 * GraphQL error naming the field, raised before anything is sent upstream.
 */
import { badInput } from '../errors';

export function checkListSize(field: string, list: readonly unknown[], max: number, min = 1): void {
  if (list.length < min) throw badInput(field, min === 1 ? 'must not be empty' : `must have at least ${min} entries`);
  if (list.length > max) throw badInput(field, `must have at most ${max} entries, got ${list.length}`);
}

export function checkNoDuplicates(field: string, list: readonly string[], normalise: (s: string) => string = (s) => s): void {
  const seen = new Set<string>();
  for (const value of list) {
    const key = normalise(value);
    if (seen.has(key)) throw badInput(field, `lists ${preview(value)} more than once`);
    seen.add(key);
  }
}

export function checkEach(field: string, list: readonly string[], valid: (s: string) => boolean, form: string): void {
  list.forEach((value, i) => {
    if (!valid(value)) throw badInput(`${field}[${i}]`, `${preview(value)} is not ${form}`);
  });
}

export function checkMaxLength(field: string, value: string | null | undefined, max: number): void {
  if (value != null && value.length > max) throw badInput(field, `must be at most ${max} characters, got ${value.length}`);
}

/** A short, printable rendering of a bad value for an error message. */
export function preview(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}
