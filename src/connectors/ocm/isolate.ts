/**
 * Finding the bad ids in a list that a backend refuses as a whole.
 *
 * OCM Documents API 1.2 takes up to 1,000 users and groups in one share,
 * role or revoke call, and answers 403 for the whole call when "there was a
 * problem with one or more supplied users or groups"
 * (https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-post.html).
 * One bad id must not sink the others, and sending each id alone would cost
 * a call per recipient. So a refused list is split in halves, both halves
 * are sent (at once), and each refused half is split again, left before
 * right, until the refused ids stand alone.
 *
 * Call bound: with k refused ids among n, at most 1 + 2·k·⌈log2 n⌉ calls
 * (each level of halving sends two calls for each refused list, and at most
 * k lists of a level hold a refused id); one bad id among 16 costs at most 9.
 *
 * A refusal that is not about the ids (a caller who may not write at all)
 * would otherwise split down to every id, 2n − 1 calls. So once an id has
 * been refused on its own while no call of the run has succeeded, the lists
 * still waiting are not split: each of their ids gets `whole(err)`. That
 * costs 1 + 2·⌈log2 n⌉ calls, and can only misjudge a run where every list
 * on the way down to the first lone id was refused, which takes at least
 * ⌈log2 n⌉ + 1 bad ids; those are then reported failed, never shared.
 */

export type Settled<T, E> = { ok: true; value: T } | { ok: false; error: E };

export interface IsolateOptions<T, E> {
  /** One call for a sub-list: one Settled per id, in the order given, or a rejection. */
  send(ids: readonly string[]): Promise<ReadonlyArray<Settled<T, E>>>;
  /** Whether a rejection is the whole-call refusal a single bad id causes, and so worth splitting. */
  isRefusal(err: unknown): boolean;
  /** The error of an id refused on its own; `accepted` says some call of this run succeeded. */
  alone(err: unknown, accepted: boolean): E;
  /** The error of every id of a call that failed otherwise, or of a refused list left unsplit. */
  whole(err: unknown): E;
}

const SETTLED = Symbol('settled');

/** One outcome per id, in the order of `ids`. */
export async function isolate<T, E>(ids: readonly string[], options: IsolateOptions<T, E>): Promise<Array<Settled<T, E>>> {
  const out = new Array<Settled<T, E>>(ids.length);
  let accepted = false;
  let refusedAlone = false;

  const fill = (start: number, end: number, error: E) => {
    for (let i = start; i < end; i++) out[i] = { ok: false, error };
  };

  /** Sends ids[start, end): settles them, or gives back the refusal to split. */
  const attempt = async (start: number, end: number): Promise<unknown> => {
    try {
      const settled = await options.send(ids.slice(start, end));
      accepted = true;
      for (let i = start; i < end; i++) out[i] = settled[i - start]!;
      return SETTLED;
    } catch (err) {
      if (options.isRefusal(err)) return err;
      fill(start, end, options.whole(err));
      return SETTLED;
    }
  };

  const split = async (start: number, end: number, refusal: unknown): Promise<void> => {
    if (end - start === 1) {
      refusedAlone = true;
      out[start] = { ok: false, error: options.alone(refusal, accepted) };
      return;
    }
    if (refusedAlone && !accepted) return fill(start, end, options.whole(refusal));
    const mid = start + Math.ceil((end - start) / 2);
    const [left, right] = await Promise.all([attempt(start, mid), attempt(mid, end)]);
    // Left before right, so that whether a run has been accepted yet does not depend on timing.
    if (left !== SETTLED) await split(start, mid, left);
    if (right !== SETTLED) await split(mid, end, right);
  };

  if (ids.length === 0) return out;
  const first = await attempt(0, ids.length);
  if (first !== SETTLED) await split(0, ids.length, first);
  return out;
}
