/**
 * Names for callers and requests that hold no secret.
 *
 * A caller the gateway knows only by its credential is recorded as a keyed
 * hash of it (HMAC-SHA-256), never the credential: without the key, a
 * leaked ledger cannot be used to test guessed tokens. The key is
 * `LEDGER_FINGERPRINT_KEY` or a random one kept in the store (see
 * kysely-store.ts), so the same credential gets the same name across
 * restarts and instances.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { BackendName } from '../models';

/** Marks a caller as a fingerprint rather than a backend user name. */
export const FINGERPRINT_PREFIX = 'fp:';

export function fingerprint(key: Buffer, backend: BackendName, credential: string): string {
  // The backend is part of the message: one token string on two backends is two callers.
  const mac = createHmac('sha256', key).update(backend).update('\0').update(credential).digest('base64url');
  return FINGERPRINT_PREFIX + mac.slice(0, 32);
}

/** What idempotency compares: the operation's text, its name and its variables. */
export interface HashedRequest {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

/**
 * The request hash of an idempotency key. Variables are serialized with
 * sorted keys, so `{a, b}` and `{b, a}` are the same request.
 */
export function hashRequest(request: HashedRequest): string {
  const canonical = canonicalJson([request.query, request.operationName ?? null, request.variables ?? null]);
  return createHash('sha256').update(canonical).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Whether `presented` (the `X-Gateway-Admin-Token` header) is the operator
 * token. No `ADMIN_TOKEN`: nobody is. Compared in constant time, on digests
 * so that the length does not show either.
 */
export function isOperatorToken(adminToken: string | null, presented: string | null | undefined): boolean {
  if (!adminToken || !presented) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(adminToken), digest(presented));
}
