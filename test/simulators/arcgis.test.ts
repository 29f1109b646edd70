/**
 * The ArcGIS portal simulator on its own, spoken to with plain undici
 * requests: the portal's habits (errors as HTTP 200 with an error body, the
 * three ways to pass a token), its sharing rules, group search paging, the
 * read-back routes, IIS in front (long GET query strings refused), referer-bound
 * tokens and portals that read no header token, and fault injection.
 */
import { request } from 'undici';
import type { SimServer } from '../../src/simulators/kit';
import { createArcgisSimulator, ARCGIS_BASE_PATH } from '../../src/simulators/arcgis/server';
import type { ArcgisState } from '../../src/simulators/arcgis/state';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';
import { waitFor } from '../helpers/wait-for';

let sim: SimServer;
let state: ArcgisState;

beforeAll(async () => {
  ({ sim, state } = createArcgisSimulator());
  await sim.listen(0);
});

afterEach(() => sim.reset());

afterAll(() => sim.close());

/** An answer as JSON.parse gives it; a test reads the fields its route sends. */
interface Json {
  error?: { code: number; message: string };
  results?: Row[];
  admin?: Row[];
  member?: Row[];
  other?: Row[];
  [field: string]: unknown;
}

/** An item's result in a batch, or a group. */
interface Row {
  id?: string;
  notSharedWith?: string[];
  userMembership?: { memberType: string };
  [field: string]: unknown;
}

interface CallOptions {
  /** Sent as X-Esri-Authorization: Bearer unless `null` or another header is chosen. */
  token?: string | null;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  form?: Record<string, string>;
}

async function call(method: 'GET' | 'POST', path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = options.token === undefined ? D.aliceToken : options.token;
  if (token !== null) headers['x-esri-authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (options.form) {
    body = new URLSearchParams({ f: 'json', ...options.form }).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const query = new URLSearchParams({ f: 'json', ...options.query }).toString();
  const res = await request(`${sim.url}${ARCGIS_BASE_PATH}${path}?${query}`, { method, headers, body });
  const text = await res.body.text();
  let json: Json | undefined;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as Json);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, text, json };
}

const accessOf = (id: string) => state.accessOf(state.items.get(id)!);

describe('authentication', () => {
  it('answers a call without a token with HTTP 200 and error 499 (GWM_0003)', async () => {
    const res = await call('GET', '/community/self', { token: null });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ error: { code: 499, message: 'Token Required', messageCode: 'GWM_0003', details: [] } });
  });

  it('answers an unknown token with HTTP 200 and error 498', async () => {
    const res = await call('GET', '/community/self', { token: 'nope' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ error: { code: 498, message: 'Invalid token.', details: [] } });
  });

  it.each([
    ['the token form field', { token: null, form: { token: D.aliceToken } }, 'POST'],
    ['the token query parameter', { token: null, query: { token: D.aliceToken } }, 'GET'],
    ['X-Esri-Authorization: Bearer', { token: D.aliceToken }, 'GET'],
    ['Authorization: Bearer', { token: null, headers: { authorization: `Bearer ${D.aliceToken}` } }, 'GET'],
  ] as const)('accepts the token in %s', async (_name, options, method) => {
    // community/self is a GET on the portal; a POST with a form reaches the share route instead.
    const res =
      method === 'GET' ? await call('GET', '/community/self', options) : await call('POST', `/content/users/alice/items/${D.parksMap}/share`, { ...options, form: { ...options.form, org: 'true' } });
    expect(res.json?.error).toBeUndefined();
    if (method === 'GET') expect(res.json).toMatchObject({ username: 'alice', role: 'org_user', orgId: D.orgId });
    else expect(accessOf(D.parksMap)).toBe('org');
  });

  it('does not take a token from an Authorization header with another scheme', async () => {
    const res = await call('GET', '/community/self', { token: null, headers: { authorization: `Basic ${D.aliceToken}` } });
    expect(res.json?.error?.code).toBe(499);
  });

  it('community/self tells who the token belongs to', async () => {
    expect((await call('GET', '/community/self', { token: D.adminToken })).json).toMatchObject({ username: 'admin', role: 'org_admin' });
    expect((await call('GET', '/community/self', { token: D.bobToken })).json).toMatchObject({ username: 'bob', role: 'org_user' });
  });
});

describe('authentication: old portals, proxies and referer-bound tokens', () => {
  it('answers reads to POST with a form as to GET (arcgis-rest-js sends both)', async () => {
    const res = await call('POST', '/community/self', { token: null, form: { token: D.aliceToken } });
    expect(res.json).toMatchObject({ username: 'alice', role: 'org_user' });
  });

  it('reads no header token when the portal predates the header (tokenHeaderSupported off): 499, and the form field still works', async () => {
    state.options.tokenHeaderSupported = false;
    expect((await call('GET', '/community/self')).json!.error).toMatchObject({ code: 499 });
    expect((await call('POST', '/community/self', { token: null, form: { token: D.aliceToken } })).json).toMatchObject({ username: 'alice' });
  });

  it('answers a referer-bound token with 498 unless the Referer it was made for comes with it', async () => {
    state.options.tokenReferers.set(D.aliceToken, 'https://gateway.example.com');
    expect((await call('GET', '/community/self')).json!.error).toMatchObject({ code: 498 });
    expect((await call('GET', '/community/self', { headers: { referer: 'https://elsewhere.example.com' } })).json!.error).toMatchObject({ code: 498 });
    expect((await call('GET', '/community/self', { headers: { referer: 'https://gateway.example.com' } })).json).toMatchObject({ username: 'alice' });
  });
});

describe('IIS in front (ArcGIS Enterprise on Windows)', () => {
  /** A `q` that makes the query string of `call` exactly `length` characters long. */
  const queryOf = (length: number) => {
    const fixed = new URLSearchParams({ f: 'json', q: '' }).toString().length;
    return { q: 'x'.repeat(length - fixed) };
  };

  it('refuses a GET whose query string passes 2,048 characters with an HTML 404, before any token check', async () => {
    const res = await call('GET', '/community/groups', { token: null, query: queryOf(2049) });
    expect(res.status).toBe(404);
    expect(res.json).toBeUndefined();
    expect(res.text).toContain('404.15');
  });

  it('serves a GET of exactly 2,048 characters, and the same fields as a POST form at any length', async () => {
    expect((await call('GET', '/community/groups', { query: queryOf(2048) })).json).toMatchObject({ total: 0, results: [] });
    const ids = Array.from({ length: 100 }, (_, i) => hexId('9a', i + 1));
    const res = await call('POST', '/community/groups', { form: { q: `id:(${ids.join(' OR ')})`, num: '100' } });
    expect(res.json).toMatchObject({ total: 100, nextStart: -1 });
  });
});

describe('sharing rules', () => {
  it('shares only to groups the owner belongs to; the rest come back in notSharedWith', async () => {
    const res = await call('POST', `/content/users/alice/items/${D.parksMap}/share`, { form: { groups: `${D.fieldTeamGroup},${D.financeGroup}` } });
    expect(res.json).toEqual({ notSharedWith: [D.financeGroup], itemId: D.parksMap });
    expect([...state.items.get(D.parksMap)!.groups]).toEqual([D.fieldTeamGroup]);
  });

  it('needs confirmItemControl=true for a group with item update control', async () => {
    const without = await call('POST', `/content/users/alice/items/${D.parksMap}/share`, { form: { groups: D.editorsGroup } });
    expect(without.json!.notSharedWith).toEqual([D.editorsGroup]);
    const withIt = await call('POST', `/content/users/alice/items/${D.parksMap}/share`, { form: { groups: D.editorsGroup, confirmItemControl: 'true' } });
    expect(withIt.json!.notSharedWith).toEqual([]);
    expect(state.items.get(D.parksMap)!.groups.has(D.editorsGroup)).toBe(true);
  });

  // "The items with a private sharing level may only be shared to groups the item owner has sharing access to"
  // (share-item-as-group-admin docs): an admin acting for the owner is held to the owner's groups until the item is org or public.
  it("lets an org admin share a private item on the owner's behalf only to the owner's groups", async () => {
    const res = await call('POST', `/content/users/bob/shareItems`, { token: D.adminToken, form: { items: D.bobsItem, groups: `${D.fieldTeamGroup},${D.editorsGroup}`, confirmItemControl: 'true' } });
    expect(res.json).toEqual({ results: [{ itemId: D.bobsItem, success: true, notSharedWith: [D.editorsGroup] }] });
    expect([...state.items.get(D.bobsItem)!.groups]).toEqual([D.fieldTeamGroup]);
  });

  it("lets an org admin share an org-level item on the owner's behalf to any group of the org", async () => {
    state.items.get(D.bobsItem)!.org = true;
    const res = await call('POST', `/content/users/bob/shareItems`, { token: D.adminToken, form: { items: D.bobsItem, groups: D.editorsGroup, confirmItemControl: 'true' } });
    expect(res.json).toEqual({ results: [{ itemId: D.bobsItem, success: true, notSharedWith: [] }] });
    expect(state.items.get(D.bobsItem)!.groups.has(D.editorsGroup)).toBe(true);
  });

  it("holds a custom role reporting org_admin (it carries a roleId) to a plain user's rights", async () => {
    const custom = { username: 'carol', token: 'custom-role-token', role: 'org_admin' as const, roleId: 'c0ffee0000000000', orgId: D.orgId };
    state.users.set(custom.username, custom);
    state.byToken.set(custom.token, custom);
    expect((await call('GET', '/community/self', { token: custom.token })).json).toMatchObject({ username: 'carol', role: 'org_admin', roleId: custom.roleId });
    const res = await call('POST', `/content/users/bob/shareItems`, { token: custom.token, form: { items: D.bobsItem, org: 'true' } });
    expect(res.json!.error).toMatchObject({ code: 403 });
    expect(accessOf(D.bobsItem)).toBe('private');
  });

  it('refuses a plain user acting for another owner with 403', async () => {
    const res = await call('POST', `/content/users/bob/shareItems`, { form: { items: D.bobsItem, org: 'true' } });
    expect(res.status).toBe(200);
    expect(res.json!.error).toMatchObject({ code: 403 });
    expect(accessOf(D.bobsItem)).toBe('private');
  });

  it('answers an unknown item with an error: 400 on the single routes, per item (500) in a batch', async () => {
    const unknown = '0000000000000000000000000000dead';
    const get = await call('GET', `/content/items/${unknown}`);
    expect(get.json!.error).toMatchObject({ code: 400, message: expect.stringMatching(/does not exist or is inaccessible/) });
    const share = await call('POST', `/content/users/alice/items/${unknown}/share`, { form: { org: 'true' } });
    expect(share.json!.error).toMatchObject({ code: 400 });
    const batch = await call('POST', '/content/users/alice/shareItems', { form: { items: `${D.parksMap},${unknown}`, org: 'true' } });
    expect(batch.json!.results).toEqual([
      { itemId: D.parksMap, success: true, notSharedWith: [] },
      { itemId: unknown, success: false, error: { code: 500, message: 'Item does not exist or is inaccessible.', details: [] } },
    ]);
  });

  it('hides an item from a user who may not see it', async () => {
    const res = await call('GET', `/content/items/${D.bobsItem}`);
    expect(res.json!.error).toMatchObject({ code: 400 });
    expect((await call('GET', `/content/items/${D.bobsItem}`, { token: D.bobToken })).json).toMatchObject({ id: D.bobsItem, owner: 'bob', access: 'private' });
  });

  it('raises access private -> shared -> org -> public, and lowers it with everyone=false / org=false', async () => {
    const seen: string[] = [];
    const read = async () => seen.push((await call('GET', `/content/items/${D.parksMap}`)).json!.access as string);
    const share = (form: Record<string, string>) => call('POST', `/content/users/alice/items/${D.parksMap}/share`, { form });
    await read();
    await share({ groups: D.fieldTeamGroup });
    await read();
    await share({ org: 'true' });
    await read();
    await share({ everyone: 'true' });
    await read();
    await share({ everyone: 'false', org: 'false' });
    await read();
    expect(seen).toEqual(['private', 'shared', 'org', 'public', 'shared']);
  });

  // "In order to make an item private, this parameter should be passed in as empty" (share-item-as-item-owner docs).
  it('makes an item private of groups when groups is sent empty, on share and shareItems, keeping org as asked', async () => {
    const single = await call('POST', `/content/users/alice/items/${D.trailsLayer}/share`, { form: { groups: '', org: 'true' } });
    expect(single.json).toEqual({ notSharedWith: [], itemId: D.trailsLayer });
    expect([...state.items.get(D.trailsLayer)!.groups]).toEqual([]);
    expect(accessOf(D.trailsLayer)).toBe('org');
    state.items.get(D.parksMap)!.groups.add(D.fieldTeamGroup);
    await call('POST', '/content/users/alice/shareItems', { form: { items: D.parksMap, groups: ' ' } });
    expect(accessOf(D.parksMap)).toBe('private');
  });

  it('leaves the groups alone when groups is not sent', async () => {
    await call('POST', `/content/users/alice/items/${D.trailsLayer}/share`, { form: { org: 'true' } });
    expect([...state.items.get(D.trailsLayer)!.groups]).toEqual([D.fieldTeamGroup]);
  });

  it('unshareItems with groups sent empty takes the items out of every group', async () => {
    const res = await call('POST', '/content/users/alice/unshareItems', { form: { items: D.trailsLayer, groups: '' } });
    expect(res.json).toEqual({ results: [{ itemId: D.trailsLayer, success: true, notUnsharedFrom: [] }] });
    expect(accessOf(D.trailsLayer)).toBe('private');
  });

  it('unshareItems removes groups, lists the ones it could not, and needs groups', async () => {
    const unknownGroup = '0000000000000000000000000000beef';
    const res = await call('POST', '/content/users/alice/unshareItems', { form: { items: D.trailsLayer, groups: `${D.fieldTeamGroup},${unknownGroup}` } });
    expect(res.json).toEqual({ results: [{ itemId: D.trailsLayer, success: true, notUnsharedFrom: [unknownGroup] }] });
    expect(accessOf(D.trailsLayer)).toBe('private');
    const noGroups = await call('POST', '/content/users/alice/unshareItems', { form: { items: D.trailsLayer } });
    expect(noGroups.json!.error).toMatchObject({ code: 400 });
  });

  it('lists a group that already holds the item in notSharedWith only when the quirk switch is on', async () => {
    const share = () => call('POST', `/content/users/alice/shareItems`, { form: { items: D.trailsLayer, groups: D.fieldTeamGroup } });
    expect((await share()).json!.results![0]!.notSharedWith).toEqual([]);
    state.options.listAlreadySharedInNotSharedWith = true;
    expect((await share()).json!.results![0]!.notSharedWith).toEqual([D.fieldTeamGroup]);
    // The group still holds the item: the quirk is in the answer, not in the state.
    expect(state.items.get(D.trailsLayer)!.groups.has(D.fieldTeamGroup)).toBe(true);
  });
});

describe('read-back routes', () => {
  it('content/items/{id} gives owner and access', async () => {
    expect((await call('GET', `/content/items/${D.surveyForm}`)).json).toMatchObject({ id: D.surveyForm, owner: 'alice', access: 'org' });
  });

  it("content/items/{id}/groups splits groups by the caller's role and hides groups the caller may not see", async () => {
    const hidden = hexId('dd', 1);
    state.groups.set(hidden, { id: hidden, title: 'Elsewhere', owner: 'zed', access: 'private', orgId: 'otherorg', capabilities: [], members: new Map([['zed', 'owner']]) });
    const item = state.items.get(D.trailsLayer)!;
    item.groups.add(D.editorsGroup);
    item.groups.add(D.financeGroup);
    item.groups.add(hidden);
    const res = await call('GET', `/content/items/${D.trailsLayer}/groups`);
    const ids = (list?: Row[]) => list!.map((g) => g.id);
    expect(ids(res.json!.admin)).toEqual([D.editorsGroup]);
    expect(ids(res.json!.member)).toEqual([D.fieldTeamGroup]);
    expect(ids(res.json!.other)).toEqual([D.financeGroup]);
    expect(res.json!.admin![0]).toMatchObject({ title: 'Shared Editors', capabilities: ['updateitemcontrol'], userMembership: { memberType: 'admin' } });
  });
});

describe('group search', () => {
  it('finds groups by q=id:(a OR b)', async () => {
    const res = await call('GET', '/community/groups', { query: { q: `id:(${D.fieldTeamGroup} OR ${D.financeGroup})`, num: '10' } });
    expect(res.json).toMatchObject({ total: 2, start: 1, num: 10, nextStart: -1 });
    expect(res.json!.results!.map((g) => g.id).sort()).toEqual([D.fieldTeamGroup, D.financeGroup].sort());
    expect(res.json!.results!.find((g) => g.id === D.financeGroup)!.userMembership!.memberType).toBe('none');
  });

  it('returns at most 100 per page and pages with start/nextStart', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => hexId('9a', i + 1));
    const q = `id:(${ids.join(' OR ')})`;
    // 150 ids do not fit in a GET's query string (see 'IIS in front'): the search goes as a POST form.
    const first = await call('POST', '/community/groups', { form: { q, num: '150' } });
    expect(first.json).toMatchObject({ total: 150, start: 1, num: 100, nextStart: 101 });
    expect(first.json!.results).toHaveLength(100);
    const second = await call('POST', '/community/groups', { form: { q, num: '100', start: '101' } });
    expect(second.json).toMatchObject({ total: 150, start: 101, nextStart: -1 });
    expect(second.json!.results).toHaveLength(50);
    const all = [...first.json!.results!, ...second.json!.results!].map((g) => g.id);
    expect(new Set(all)).toEqual(new Set(ids));
  });

  it('defaults num to 10', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => hexId('9a', i + 1));
    const res = await call('GET', '/community/groups', { query: { q: `id:(${ids.join(' OR ')})` } });
    expect(res.json).toMatchObject({ num: 10, nextStart: 11 });
    expect(res.json!.results).toHaveLength(10);
  });

  it('leaves out groups the index lags behind on, which a GET still finds', async () => {
    state.options.searchLag.add(D.financeGroup);
    const res = await call('GET', '/community/groups', { query: { q: `id:(${D.financeGroup})` } });
    expect(res.json!.results).toEqual([]);
    expect((await call('GET', `/community/groups/${D.financeGroup}`)).json).toMatchObject({ id: D.financeGroup, title: 'Finance' });
  });

  it('answers an unknown group GET with an error body', async () => {
    expect((await call('GET', '/community/groups/0000000000000000000000000000beef')).json!.error).toMatchObject({ code: 400 });
  });
});

describe('item search', () => {
  const found = async (q: string) => ((await call('POST', '/search', { form: { q, num: '100' } })).json!.results ?? []).map((i) => i.id).sort();

  it('finds the items an `id:(…)` list ANDed with the rest names, and only those the rest matches', async () => {
    expect(await found(`id:(${D.surveyForm} OR ${D.trailsLayer}) AND owner:alice`)).toEqual([D.surveyForm, D.trailsLayer].sort());
    expect(await found(`id:(${D.surveyForm} OR ${D.trailsLayer}) AND owner:nobody`)).toEqual([]);
  });

  it('reads an OR after the id list as the portal does: the other branch finds items the list does not name', async () => {
    // (id:a AND owner:alice) OR id:b: looking up only the listed ids would lose b.
    expect(await found(`id:(${D.surveyForm}) AND owner:alice OR id:${D.trailsLayer}`)).toEqual([D.surveyForm, D.trailsLayer].sort());
  });
});

describe('request log, stats and faults', () => {
  it('logs each API call with its route and body', async () => {
    await call('POST', `/content/users/alice/items/${D.parksMap}/share`, { form: { org: 'true' } });
    const [logged] = sim.requests({ method: 'POST' });
    expect(logged).toMatchObject({ route: '/sharing/rest/content/users/:owner/items/:id/share', path: `/sharing/rest/content/users/alice/items/${D.parksMap}/share` });
    expect(new URLSearchParams(logged!.body).get('org')).toBe('true');
  });

  it('counts calls in flight under latency', async () => {
    state.options.latencyMs = 30;
    await Promise.all([1, 2, 3].map(() => call('GET', '/community/self')));
    expect(state.stats.maxInFlight).toBe(3);
    expect(state.stats.inFlight).toBe(0);
    sim.reset();
    expect(state.stats.maxInFlight).toBe(0);
    expect(state.options.latencyMs).toBe(0);
  });

  it('delays an answer: one sent later without the fault is answered first', async () => {
    sim.inject({ kind: 'delay', ms: 1000, path: '/community/self' });
    const answered: string[] = [];
    const delayed = call('GET', '/community/self').then((res) => (answered.push('delayed'), res));
    await waitFor(() => sim.log.length === 1);
    await call('GET', '/community/self').then(() => answered.push('prompt'));
    const res = await delayed;
    expect(answered).toEqual(['prompt', 'delayed']);
    expect(res.json!.username).toBe('alice');
  });

  it('answers with a 5xx, once', async () => {
    sim.inject({ kind: 'respond', status: 503, body: 'unavailable', path: '/community/self' });
    expect(await call('GET', '/community/self')).toMatchObject({ status: 503, text: 'unavailable' });
    expect((await call('GET', '/community/self')).status).toBe(200);
  });

  it('answers with a body that is not JSON', async () => {
    sim.inject({ kind: 'respond', status: 200, body: '<html>portal maintenance</html>', path: '/content/items/' });
    const res = await call('GET', `/content/items/${D.parksMap}`);
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    expect(res.text).toContain('<html>');
  });

  it('resets the connection, and only for the path given', async () => {
    sim.inject({ kind: 'reset', path: '/shareItems' });
    expect((await call('GET', '/community/self')).status).toBe(200);
    await expect(call('POST', '/content/users/alice/shareItems', { form: { items: D.parksMap, org: 'true' } })).rejects.toMatchObject({ code: expect.stringMatching(/UND_ERR_SOCKET|ECONNRESET/) });
    // The faulted request changed nothing.
    expect(accessOf(D.parksMap)).toBe('private');
  });

  it('reset restores the seed state and clears faults and options', async () => {
    await call('POST', `/content/users/alice/items/${D.parksMap}/share`, { form: { everyone: 'true' } });
    state.options.listAlreadySharedInNotSharedWith = true;
    sim.inject({ kind: 'respond', status: 500 });
    sim.reset();
    expect(accessOf(D.parksMap)).toBe('private');
    expect(state.options.listAlreadySharedInNotSharedWith).toBe(false);
    expect(sim.log).toHaveLength(0);
    expect((await call('GET', '/community/self')).status).toBe(200);
  });
});
