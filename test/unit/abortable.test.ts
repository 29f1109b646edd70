import { Cancellation } from '../../src/util/abortable';

describe('Cancellation', () => {
  it('runs each listener once, with the reason set, and none that was removed', () => {
    const c = new Cancellation();
    const heard: unknown[] = [];
    const removed = () => heard.push('removed');
    c.addEventListener('abort', () => heard.push(c.reason));
    c.addEventListener('abort', removed);
    c.removeEventListener('abort', removed);
    const reason = new Error('gone');
    c.abort(reason);
    c.abort(new Error('again'));
    expect(c.aborted).toBe(true);
    expect(heard).toEqual([reason]);
    c.addEventListener('abort', () => heard.push('late'));
    expect(heard).toEqual([reason]);
  });

  it('aborts with an AbortError when no reason is given', () => {
    const c = new Cancellation();
    c.abort();
    expect((c.reason as Error).name).toBe('AbortError');
  });

  it('gives an AbortSignal that follows it, before or after the abort', () => {
    const before = new Cancellation();
    const signal = before.toAbortSignal();
    expect(signal.aborted).toBe(false);
    before.abort('why');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('why');
    const after = new Cancellation();
    after.abort('done');
    expect(after.toAbortSignal().reason).toBe('done');
  });
});
