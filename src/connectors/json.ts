/**
 * Reading an upstream JSON body, the same way for every backend: an object is
 * a plain object (not an array, not null), a field is read only as the
 * body's own property (a missing `constructor` or `toString` must never be
 * read off Object.prototype), and a string is a string or nothing.
 */

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body's own property, or undefined. */
export const own = (o: Json, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

/** A string, or null for anything else. */
export const asString = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A string that says something, or null: ONLYOFFICE answers an empty string
 * where a field has no value (a display name, an e-mail), and an empty id or
 * name must not pass for one.
 */
export const asNonEmptyString = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
