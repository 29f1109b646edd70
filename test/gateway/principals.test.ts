/**
 * Query.principals, a share dialog's picker, end to end over real HTTP
 * against the three simulators: what each backend is asked (read from the
 * simulators' request logs), the escaping of ArcGIS's search syntax, the
 * input rules (nothing sent for bad input), the priming of the request's
 * loaders and a backend failure as an error on the field.
 */
import { execute, parse } from 'graphql';
import { request } from 'undici';
import { DEMO_HEADERS, firstCode, startHarness } from '../helpers/harness';
import type { Data, GqlResult, Harness } from '../helpers/harness';
import { testCall } from '../helpers/call';
import { buildSchema } from '../../src/server';
import { createContext } from '../../src/context';
import type { GatewayContext } from '../../src/context';
import { readCredentials } from '../../src/credentials';
import type { SimServer } from '../../src/simulators/kit';
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';

const PRINCIPALS = `query($backend: Backend!, $search: String!, $kinds: [PrincipalKind!], $first: Int) {
  principals(backend: $backend, search: $search, kinds: $kinds, first: $first) { id displayName kind email }
}`;

type Backend = 'ARCGIS' | 'OCM' | 'ONLYOFFICE';
const BACKENDS: Backend[] = ['ARCGIS', 'OCM', 'ONLYOFFICE'];

interface Principal {
  id: string;
  displayName: string | null;
  kind: 'USER' | 'GROUP' | null;
  email: string | null;
}

/** Routes each backend's picker calls, as the simulators log them. */
const ARCGIS_SEARCH = '/sharing/rest/community/groups';
const OCM_USERS = '/documents/api/1.2/users/items';
const OO_PEOPLE = '/api/2.0/people/filter';
const OO_GROUPS = '/api/2.0/group';

/** A search each backend answers with at least one principal. */
const FINDS: Record<Backend, string> = { ARCGIS: 'Field', OCM: 'dave', ONLYOFFICE: 'car' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const sim = (backend: Backend): SimServer => (backend === 'ARCGIS' ? h.sims.arcgis.sim : backend === 'OCM' ? h.sims.ocm.sim : h.sims.onlyoffice.sim);

async function principals(backend: Backend, search: string, extra: { kinds?: string[]; first?: number } = {}, headers?: Record<string, string>): Promise<GqlResult<{ principals: Principal[] }>> {
  return h.gql<{ principals: Principal[] }>(PRINCIPALS, { backend, search, ...extra }, headers);
}

async function found(backend: Backend, search: string, extra: { kinds?: string[]; first?: number } = {}): Promise<Principal[]> {
  const res = await principals(backend, search, extra);
  expect(res.errors).toBeUndefined();
  return res.data!.principals;
}

describe('ArcGIS: groups from the portal group search', () => {
  it('finds groups by title, as principals of kind GROUP, with one GET community/groups?q=&num=', async () => {
    const groups = await found('ARCGIS', 'Field');
    expect(groups).toEqual([
      { id: A.fieldTeamGroup, displayName: 'Field Team', kind: 'GROUP', email: null },
      { id: A.fieldSurveyGroup, displayName: 'Field Survey Crews', kind: 'GROUP', email: null },
    ]);
    const sent = h.sims.arcgis.sim.requests({ route: ARCGIS_SEARCH });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('GET');
    expect(sent[0]!.query).toMatchObject({ q: 'title:"Field"', num: '20' });
  });

  it('sends first as num', async () => {
    expect(await found('ARCGIS', 'Field', { first: 1 })).toHaveLength(1);
    expect(h.sims.arcgis.sim.requests({ route: ARCGIS_SEARCH })[0]!.query.num).toBe('1');
  });

  it('escapes the search text: `"`, `:`, `(`, `)`, OR and `*` find the group whose title has them', async () => {
    const search = '"Night Shift" (North OR South) *';
    const groups = await found('ARCGIS', `Ops: ${search}`);
    expect(groups.map((g) => [g.id, g.displayName])).toEqual([[A.nightShiftGroup, A.nightShiftTitle]]);
    expect(h.sims.arcgis.sim.requests({ route: ARCGIS_SEARCH })[0]!.query.q).toBe('title:"Ops: \\"Night Shift\\" (North OR South) *"');
  });

  it('the same text unescaped means something else to the portal (the simulator reads the search syntax)', async () => {
    // The control for the test above: sent as typed, `*` matches every group, and a lone `"` does not parse.
    const search = async (q: string) => {
      const res = await request(`${h.sims.env.ARCGIS_URL}/community/groups?${new URLSearchParams({ q, num: '100', f: 'json' })}`, {
        headers: { 'x-esri-authorization': `Bearer ${A.aliceToken}` },
      });
      return (await res.body.json()) as { total?: number; error?: { code: number } };
    };
    expect((await search('title:Ops: "Night Shift" (North OR South) *')).total).toBeGreaterThan(100);
    expect((await search('title:"Ops: \\"Night Shift\\" (North OR South) *"')).total).toBe(1);
    expect((await search('title:"')).error).toMatchObject({ code: 400 });
  });

  it.each([
    ['"', true],
    [':', true],
    ['(', true],
    [')', true],
    ['OR', true],
    ['*', true],
    // A trailing escape character would escape the closing quote if it were not escaped itself.
    ['Shift\\', false],
  ] as const)('a search of %s finds only titles holding it, never changes the query', async (text, findsNightShift) => {
    const res = await principals('ARCGIS', text);
    expect(res.errors).toBeUndefined();
    const titles = res.data!.principals.map((g) => g.displayName!);
    for (const title of titles) expect(title.toLowerCase()).toContain(text.toLowerCase());
    expect(titles.includes(A.nightShiftTitle)).toBe(findsNightShift);
  });

  it('kinds [USER] is an empty list and sends nothing: the portal shares with groups only', async () => {
    expect(await found('ARCGIS', 'Field', { kinds: ['USER'] })).toEqual([]);
    expect(h.sims.arcgis.sim.log).toHaveLength(0);
    expect(await found('ARCGIS', 'Field', { kinds: ['USER', 'GROUP'] })).toHaveLength(2);
  });
});

describe('OCM: users from Documents API 1.2 users/items', () => {
  it('finds users by name with GET users/items?info=', async () => {
    expect(await found('OCM', 'dave')).toEqual([{ id: O.daveId, displayName: 'Dave Davis', kind: 'USER', email: null }]);
    const sent = h.sims.ocm.sim.requests({ route: OCM_USERS });
    expect(sent.map((r) => [r.method, r.query.info])).toEqual([['GET', 'dave']]);
  });

  it('finds users by e-mail', async () => {
    expect((await found('OCM', 'carol@example.com')).map((p) => p.id)).toEqual([O.carolId]);
  });

  it('puts the best matches first and then keeps at most first', async () => {
    // The simulator answers Alice Adams (d in "Adams") before Dave Davis; Dave's name starts with the text.
    expect((await found('OCM', 'd')).map((p) => p.id)).toEqual([O.daveId, O.aliceId]);
    expect((await found('OCM', 'd', { first: 1 })).map((p) => p.id)).toEqual([O.daveId]);
  });

  it('kinds [GROUP] is an empty list and sends nothing: the Documents API has no group search', async () => {
    expect(await found('OCM', 'Sales', { kinds: ['GROUP'] })).toEqual([]);
    expect(h.sims.ocm.sim.log).toHaveLength(0);
  });
});

describe('ONLYOFFICE: people/filter for users, the group list for groups', () => {
  it('finds users with people/filter?filterValue=&count=, e-mail included', async () => {
    expect(await found('ONLYOFFICE', 'car', { kinds: ['USER'] })).toEqual([{ id: OO.carolId, displayName: 'Carol Chen', kind: 'USER', email: 'carol@example.com' }]);
    const sent = h.sims.onlyoffice.sim.requests({ route: OO_PEOPLE });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.query).toMatchObject({ filterValue: 'car', count: '20' });
    expect(h.sims.onlyoffice.sim.requests({ route: OO_GROUPS })).toHaveLength(0);
  });

  it('finds groups by name from GET group, matched by the gateway; kinds [GROUP] sends no people search', async () => {
    const groups = await found('ONLYOFFICE', 'design', { kinds: ['GROUP'] });
    expect(groups).toEqual([
      { id: OO.designGroupId, displayName: 'Design', kind: 'GROUP', email: null },
      { id: OO.designReviewGroupId, displayName: 'Design Review Board', kind: 'GROUP', email: null },
    ]);
    expect(h.sims.onlyoffice.sim.requests({ route: OO_GROUPS })).toHaveLength(1);
    expect(h.sims.onlyoffice.sim.requests({ route: OO_PEOPLE })).toHaveLength(0);
  });

  it('searches both kinds by default, best matches first', async () => {
    // "bo": Bob Brown's name starts with it; "Design Review Board" has a word starting with it.
    const both = await found('ONLYOFFICE', 'bo');
    expect(both.map((p) => [p.id, p.kind])).toEqual([
      [OO.bobId, 'USER'],
      [OO.designReviewGroupId, 'GROUP'],
    ]);
    // "review board": every word in the name; the group list is matched word by word.
    expect((await found('ONLYOFFICE', 'board review')).map((p) => p.id)).toEqual([OO.designReviewGroupId]);
  });

  it('reads the group list once per request, however many searches ask', async () => {
    const res = await h.gql<{ a: Principal[]; b: Principal[] }>(`{
      a: principals(backend: ONLYOFFICE, search: "design") { id }
      b: principals(backend: ONLYOFFICE, search: "market") { id }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.a.map((p) => p.id)).toEqual([OO.designGroupId, OO.designReviewGroupId]);
    expect(res.data!.b.map((p) => p.id)).toEqual([OO.marketingGroupId]);
    expect(h.sims.onlyoffice.sim.requests({ route: OO_GROUPS })).toHaveLength(1);
    expect(h.sims.onlyoffice.sim.requests({ route: OO_PEOPLE })).toHaveLength(2);
  });

  it('the simulator serves people/filter and people/simple/filter with the documented shapes', async () => {
    const get = async (path: string) => {
      const res = await request(`${h.sims.env.ONLYOFFICE_URL}${path}`, { headers: { authorization: OO.token } });
      return (await res.body.json()) as { status: number; response: Array<Record<string, unknown>> };
    };
    const full = await get('/api/2.0/people/filter?filterValue=chen&count=5');
    expect(full.status).toBe(0);
    expect(full.response).toEqual([expect.objectContaining({ id: OO.carolId, displayName: 'Carol Chen', userName: 'carol', email: 'carol@example.com' })]);
    const simple = await get('/api/2.0/people/simple/filter?filterValue=chen');
    expect(simple.response).toEqual([expect.objectContaining({ id: OO.carolId, displayName: 'Carol Chen' })]);
    expect(simple.response[0]).not.toHaveProperty('email');
    // UserManager.Search: a word of one character finds no one.
    expect((await get('/api/2.0/people/filter?filterValue=c')).response).toEqual([]);
  });
});

describe('picker rules on every backend', () => {
  const tooLong = 'x'.repeat(101);

  it.each(BACKENDS.flatMap((b) => ['', '   ', tooLong, ` ${'y'.repeat(101)} `].map((s): [Backend, string] => [b, s])))('%s: search %j is BAD_USER_INPUT and sends nothing', async (backend, search) => {
    const res = await principals(backend, search);
    expect(firstCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('search');
    expect(res.errors![0]!.message).toMatch(/^search: /);
    expect(h.upstreamCount()).toBe(0);
  });

  /** The search text each backend was sent, from its simulator's log. */
  const SENT: Record<Backend, () => string | undefined> = {
    ARCGIS: () => h.sims.arcgis.sim.requests({ route: ARCGIS_SEARCH })[0]?.query.q,
    OCM: () => h.sims.ocm.sim.requests({ route: OCM_USERS })[0]?.query.info,
    ONLYOFFICE: () => h.sims.onlyoffice.sim.requests({ route: OO_PEOPLE })[0]?.query.filterValue,
  };

  it.each(BACKENDS)('%s: 100 characters after trimming go through, trimmed', async (backend) => {
    const text = 'z'.repeat(100);
    const res = await principals(backend, `  ${text}\t `);
    expect(res.errors).toBeUndefined();
    expect(SENT[backend]()).toBe(backend === 'ARCGIS' ? `title:"${text}"` : text);
  });

  it.each(BACKENDS.flatMap((b) => [0, -1, 51].map((n): [Backend, number] => [b, n])))('%s: first %d is BAD_USER_INPUT and sends nothing', async (backend, first) => {
    const res = await principals(backend, FINDS[backend], { first });
    expect(firstCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('first');
    expect(h.upstreamCount()).toBe(0);
  });

  it.each(BACKENDS)('%s: first 50 goes through', async (backend) => {
    const res = await principals(backend, FINDS[backend], { first: 50 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.principals.length).toBeGreaterThan(0);
  });

  it.each(BACKENDS)('%s: kinds [] is BAD_USER_INPUT and sends nothing', async (backend) => {
    const res = await principals(backend, FINDS[backend], { kinds: [] });
    expect(firstCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('kinds');
    expect(h.upstreamCount()).toBe(0);
  });

  it.each(BACKENDS)('%s: no credential is UNAUTHENTICATED and sends nothing', async (backend) => {
    const res = await principals(backend, FINDS[backend], {}, {});
    expect(firstCode(res)).toBe('UNAUTHENTICATED');
    expect(h.upstreamCount()).toBe(0);
  });

  const ROUTE_PATH: Record<Backend, string> = { ARCGIS: '/community/groups', OCM: '/users/items', ONLYOFFICE: '/people/filter' };

  it.each(BACKENDS)('%s: a backend failure is an error on the field with the mapped code', async (backend) => {
    sim(backend).inject({ kind: 'respond', status: 403, body: 'upstream-secret-body', path: ROUTE_PATH[backend], times: 5 });
    const res = await principals(backend, FINDS[backend]);
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['principals'], extensions: { code: 'FORBIDDEN', backend, upstreamCode: 403 } });
    expect(JSON.stringify(res.errors)).not.toContain('upstream-secret-body');
  });

  it.each([
    ['ARCGIS', { 'x-arcgis-token': 'not-a-token' }],
    ['OCM', { 'x-ocm-authorization': 'Bearer not-a-token' }],
    ['ONLYOFFICE', { 'x-onlyoffice-authorization': 'not-a-token' }],
  ] as const)('%s: a credential the backend refuses is UNAUTHENTICATED on the field', async (backend, headers) => {
    const res = await principals(backend, FINDS[backend], {}, { ...DEMO_HEADERS, ...headers });
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0]).toMatchObject({ path: ['principals'], extensions: { code: 'UNAUTHENTICATED', backend } });
    expect(sim(backend).log.length).toBeGreaterThan(0);
  });

  it('ONLYOFFICE: a failed group list fails the field, though the people search answered', async () => {
    h.sims.onlyoffice.sim.inject({ kind: 'respond', status: 403, path: '/api/2.0/group', times: 5 });
    const res = await principals('ONLYOFFICE', 'design');
    expect(res.errors![0]).toMatchObject({ path: ['principals'], extensions: { code: 'FORBIDDEN', backend: 'ONLYOFFICE' } });
    expect(h.sims.onlyoffice.sim.requests({ route: OO_PEOPLE })).toHaveLength(1);
  });
});

/**
 * Priming: what the picker found serves later look-ups of the same request.
 * A query's fields run side by side and a mutation cannot hold the picker,
 * so one HTTP request cannot search and then ask for a `recipient`; the
 * two operations here run one after the other with one request context,
 * made as the server makes it, and every upstream call is real HTTP to the
 * simulators. Each case has its control: without the picker, the same
 * operation does call the backend.
 */
describe('the picker primes the request principal loader', () => {
  const schema = buildSchema();

  function requestContext(): GatewayContext {
    return createContext({ config: h.config, connectors: h.gateway.connectors, credentials: readCredentials(new Headers(DEMO_HEADERS)), call: testCall() });
  }

  async function run(ctx: GatewayContext, document: string, variableValues: Record<string, unknown> = {}): Promise<Data> {
    const res = await execute({ schema, document: parse(document), contextValue: ctx, variableValues });
    expect(res.errors).toBeUndefined();
    return res.data as Data;
  }

  const DRY_RUN_SHARE = `mutation($input: ShareFolderInput!) {
    shareFolder(input: $input) { results { recipientId success change recipient { id displayName kind } } }
  }`;

  it.each([
    ['OCM', 'bob', O.subFolderId, O.bobId, /\/users\/items$/],
    ['ONLYOFFICE', 'carol', OO.myFolderId, OO.carolId, /^\/api\/2\.0\/people\/:id$/],
  ] as const)('%s: a later recipient (and the dry run that looks it up) costs no call', async (backend, search, folderId, recipientId, lookUpRoute) => {
    const share = { input: { backend, folderId, recipients: [{ id: recipientId, role: 'VIEWER' }], dryRun: true } };
    const lookUps = () => sim(backend).requests({ route: lookUpRoute });

    // Control: without the picker, the dry run and recipient look the recipient up.
    const control = await run(requestContext(), DRY_RUN_SHARE, share);
    expect(control.shareFolder.results[0]!.recipient).toMatchObject({ id: recipientId });
    expect(lookUps().length).toBeGreaterThan(0);
    h.reset();

    const ctx = requestContext();
    const picked = await run(ctx, `{ principals(backend: ${backend}, search: "${search}") { id } }`);
    expect(picked.principals.map((p: { id: string }) => p.id)).toEqual([recipientId]);
    const afterPicker = sim(backend).log.length;
    // On OCM the picker's own users/items search matches the route too; what counts is that nothing is added.
    const lookUpsBefore = lookUps().length;

    const data = await run(ctx, DRY_RUN_SHARE, share);
    expect(data.shareFolder.results[0]).toMatchObject({ recipientId, success: true, change: 'GRANTED', recipient: { id: recipientId, kind: 'USER' } });
    expect(lookUps()).toHaveLength(lookUpsBefore);
    expect(sim(backend).log.length).toBeGreaterThan(afterPicker);
  });

  it('ARCGIS: a group named later (Query.groups) costs no call', async () => {
    const GROUPS = `{ groups(ids: ["${A.fieldSurveyGroup}"]) { id title } }`;
    const searches = () => h.sims.arcgis.sim.log.length;

    const control = await run(requestContext(), GROUPS);
    expect(control.groups).toEqual([{ id: A.fieldSurveyGroup, title: 'Field Survey Crews' }]);
    expect(searches()).toBe(1);
    h.reset();

    const ctx = requestContext();
    await run(ctx, `{ principals(backend: ARCGIS, search: "Field") { id } }`);
    expect(searches()).toBe(1);
    expect(await run(ctx, GROUPS)).toEqual({ groups: [{ id: A.fieldSurveyGroup, title: 'Field Survey Crews' }] });
    expect(searches()).toBe(1);
  });
});
