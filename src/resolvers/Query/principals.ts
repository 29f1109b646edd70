import type { QueryResolvers } from '../../generated/resolvers-types';
import { checkPrincipalsArgs } from '../../validation/principals';
import { findPrincipals } from '../../services/principals';

export const principals: QueryResolvers['principals'] = (_parent, { backend, ...args }, ctx) => {
  const input = checkPrincipalsArgs(args);
  // A failed search is an error on the field: there is no per-target result to carry it.
  return findPrincipals(ctx, backend, input);
};
