/**
 * Every failure the gateway knows, as typed values with stable codes.
 *
 * Two families, kept apart on purpose:
 * - `UpstreamError` and its subclasses (`upstream.ts`): a backend call failed.
 *   They become a `ShareError` on the targets concerned and never abort a
 *   whole mutation.
 * - GraphQL errors with `extensions.code` (`operation.ts`): the request itself
 *   is wrong (bad input, no credential, backend not configured). They fail
 *   the whole operation, before anything is sent upstream.
 * `registry.ts` lists every code a client can see; docs/errors.md is tested
 * against it. Match on `.code`, never on the message.
 */
export * from './upstream';
export * from './operation';
export * from './registry';
