import type { BackendStatus, QueryResolvers } from '../../generated/resolvers-types';
import { BACKENDS } from '../../models';

/** Each backend's breaker as the gateway sees it; needs no credential, reads no backend. */
export const backends: QueryResolvers['backends'] = (_parent, _args, ctx): BackendStatus[] =>
  BACKENDS.map((backend) => {
    const client = ctx.connectors.clients[backend];
    return {
      backend,
      configured: client !== undefined,
      state: client ? client.breaker.state : null,
      lastError: client ? client.breaker.lastError : null,
    };
  });
