/** A call context for tests that drive a connector or the upstream client without a gateway request. */
import { newCall } from '../../src/call';
import type { Call } from '../../src/call';
import { newScope } from '../../src/observability/request-scope';
import { Cancellation } from '../../src/util/abortable';
import type { Abortable } from '../../src/util/abortable';

export function testCall(requestId = 'test-call', signal: Abortable = new Cancellation()): Call {
  return newCall(requestId, signal, newScope(requestId));
}
