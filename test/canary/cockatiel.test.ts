/**
 * Canary: what cockatiel (pinned ~3.2.1) does on its own, and what
 * src/connectors/breaker.ts works around. These tests check the library,
 * not the gateway; the gateway's breaker is tested from outside in
 * test/faults/breaker.test.ts. When an upgrade makes one of them fail,
 * cockatiel has changed its behaviour here: re-read breaker.ts's header
 * comment and drop the workaround that is no longer needed.
 *
 * `halfOpenAfter: 0` makes the first call after a break the half-open trial
 * at once (cockatiel half-opens lazily, on the next call), so nothing here
 * waits on a clock.
 */
import { circuitBreaker, ConsecutiveBreaker, CircuitState, handleType } from 'cockatiel';

class Handled extends Error {}

async function brokenPolicy() {
  const policy = circuitBreaker(handleType(Handled), { halfOpenAfter: 0, breaker: new ConsecutiveBreaker(1) });
  const failure = await policy.execute(() => Promise.reject(new Handled())).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(Handled);
  expect(policy.state).toBe(CircuitState.Open);
  return policy;
}

it("runs a call parked during the half-open trial without the caller's AbortSignal", async () => {
  const policy = await brokenPolicy();
  let releaseTrial!: () => void;
  const trial = policy.execute(() => new Promise<void>((resolve) => (releaseTrial = resolve)));
  expect(policy.state).toBe(CircuitState.HalfOpen);
  const caller = new AbortController();
  let seen: AbortSignal | null = null;
  const parked = policy.execute(async ({ signal }) => {
    seen = signal;
  }, caller.signal);
  releaseTrial();
  await trial;
  await parked;
  caller.abort();
  expect(seen).not.toBeNull();
  expect(seen!.aborted).toBe(false); // the caller's signal did not reach the call
});

it('closes the circuit when the trial fails with an error its policy does not handle, such as an abort', async () => {
  const policy = await brokenPolicy();
  const abort = new DOMException('aborted', 'AbortError');
  expect(await policy.execute(() => Promise.reject(abort)).catch((e: unknown) => e)).toBe(abort);
  expect(policy.state).toBe(CircuitState.Closed);
});
