import { GraphQLError } from 'graphql';
import { maskError } from '../../src/server';
import { gatewayError, upstreamHttpError } from '../../src/errors';
import { startHarness, firstCode } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';

describe('maskError', () => {
  const wrapped = (err: Error) => new GraphQLError('boom', { originalError: err, path: ['x'] });

  it('hides an unexpected error in production: no message, stack or originalError, code INTERNAL_SERVER_ERROR', () => {
    const masked = maskError(wrapped(new Error('db password is hunter2')), 'Unexpected error.', false) as GraphQLError;
    expect(masked.message).toBe('Unexpected error.');
    expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(masked.toJSON())).not.toContain('hunter2');
  });

  it('shows details only in development', () => {
    const masked = maskError(wrapped(new Error('details')), 'Unexpected error.', true) as GraphQLError;
    expect((masked.extensions.originalError as { message: string }).message).toBe('details');
  });

  it("keeps our own errors' message and code", () => {
    const own = gatewayError('BAD_USER_INPUT', 'input.itemId: nope');
    expect(maskError(own, 'Unexpected error.', false)).toBe(own);
  });

  it('keeps an upstream failure code with our own message', () => {
    const masked = maskError(wrapped(upstreamHttpError('ARCGIS', 'FORBIDDEN', 403)), 'Unexpected error.', false) as GraphQLError;
    expect(masked.extensions.code).toBe('FORBIDDEN');
    expect(masked.message).toContain('ArcGIS portal');
  });
});

describe('errors outside ShareError results over HTTP (production mode)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('a failed read keeps its extensions.code and shows no upstream body or stack', async () => {
    h.sims.arcgis.sim.inject({ kind: 'respond', status: 500, body: 'Traceback: internal secret', path: '/community/groups' });
    const res = await h.gql(`query($ids: [ID!]!) { groups(ids: $ids) { id } }`, { ids: [D.fieldTeamGroup] });
    expect(firstCode(res)).toBe('UPSTREAM_ERROR');
    const text = JSON.stringify(res);
    expect(text).not.toContain('Traceback');
    expect(text).not.toContain('stack');
    expect(text).not.toContain('originalError');
  });
});
