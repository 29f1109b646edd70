/**
 * The gateway against the ArcGIS simulator as the real portal behaves (issue
 * 16, "Speak the real APIs"), over real HTTP. Each test reads the simulator's
 * request log for what was really sent:
 * - an empty `groups` is never sent (sent empty, it makes the item private);
 * - a GET whose URL would pass 2,000 characters goes as POST (IIS refuses
 *   query strings over 2,048), and a group look-up that fails stops the
 *   confirmItemControl pre-check from letting a share out;
 * - ARCGIS_TOKEN_IN=form puts the token in POST bodies only, ARCGIS_REFERER
 *   is sent as Referer on every call;
 * - an org admin acting for an owner is predicted (dry run) as the portal
 *   decides: a private item only to the owner's groups; a custom role is no admin.
 */
import { startHarness, firstCode } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { startObserved } from '../helpers/gateway-with';
import { waitFor } from '../helpers/wait-for';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';
import { ConfigError, loadConfig } from '../../src/config';
import type { LoggedRequest } from '../../src/simulators/kit';

const RESULT = 'itemId success change notSharedWith { id title } error { code backend upstreamCode }';
const SHARE_ITEM = `mutation($input: ShareItemInput!) { shareItem(input: $input) { ${RESULT} } }`;
const SHARE_ITEMS = `mutation($input: ShareItemsInput!) { shareItems(input: $input) { results { ${RESULT} } } }`;
const UNSHARE_ITEMS = `mutation($input: UnshareItemsInput!) { unshareItems(input: $input) { results { ${RESULT} } } }`;
const GROUPS = `query($ids: [ID!]!) { groups(ids: $ids) { id title itemUpdateControl } }`;

const REFERER = 'https://gateway.example.com';
const bulkGroups = (n: number) => Array.from({ length: n }, (_, i) => hexId('9a', i + 1));
const form = (r: LoggedRequest) => new URLSearchParams(r.body);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const state = () => h.sims.arcgis.state;
const groupsOf = (id: string) => [...state().items.get(id)!.groups];
const levelOf = (id: string) => state().accessOf(state().items.get(id)!);
const writes = () => h.sims.arcgis.sim.requests({ route: /\/(share|shareItems|unshareItems|unshare)$/ });
const groupSearches = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups' });

describe('an empty groups list is never sent (sent empty, the portal makes the item private)', () => {
  it("shareItem with groups: [] and org: true sends no groups field and keeps the item's groups", async () => {
    expect(groupsOf(D.trailsLayer)).toEqual([D.fieldTeamGroup]);
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.trailsLayer, owner: 'alice', groups: [], org: true } });
    expect(res.data!.shareItem).toMatchObject({ success: true, error: null });
    const [post] = writes();
    expect(writes()).toHaveLength(1);
    expect([...form(post!).keys()].sort()).toEqual(['f', 'org']);
    expect(groupsOf(D.trailsLayer)).toEqual([D.fieldTeamGroup]);
    expect(levelOf(D.trailsLayer)).toBe('org');
  });

  it("shareItems with groups: [] and org: true sends no groups field and keeps every item's groups", async () => {
    state().items.get(D.parksMap)!.groups.add(D.publicGroup);
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: [D.trailsLayer, D.parksMap], owner: 'alice', groups: [], org: true } });
    expect(res.data!.shareItems.results.map((r: { success: boolean }) => r.success)).toEqual([true, true]);
    const [post] = writes();
    expect(writes()).toHaveLength(1);
    expect(form(post!).has('groups')).toBe(false);
    expect(groupsOf(D.trailsLayer)).toEqual([D.fieldTeamGroup]);
    expect(groupsOf(D.parksMap)).toEqual([D.publicGroup]);
  });

  it('unshareItems with groups: [] and withdrawPublic sends no groups field anywhere and keeps the groups', async () => {
    state().items.get(D.surveyForm)!.groups.add(D.fieldTeamGroup);
    const res = await h.gql(UNSHARE_ITEMS, { input: { itemIds: [D.surveyForm], owner: 'alice', groups: [], withdrawPublic: true } });
    expect(res.data!.unshareItems.results[0]).toMatchObject({ success: true, change: 'REVOKED' });
    expect(writes().map((r) => r.route)).toEqual(['/sharing/rest/content/users/:owner/shareItems']);
    expect(form(writes()[0]!).has('groups')).toBe(false);
    expect(groupsOf(D.surveyForm)).toEqual([D.fieldTeamGroup]);
    expect(levelOf(D.surveyForm)).toBe('shared');
  });
});

describe('long look-ups go by POST; a failed look-up never lets a share out', () => {
  const everyGetFitsIis = () => h.sims.arcgis.sim.log.filter((r) => r.method === 'GET').every((r) => r.url.length <= 2000);

  it('groups(ids:) with 100 ids is one group search, sent as POST with the ids in the form body', async () => {
    const ids = bulkGroups(100);
    const res = await h.gql(GROUPS, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data!.groups.map((g) => g?.id)).toEqual(ids);
    const [search] = groupSearches();
    expect(groupSearches()).toHaveLength(1);
    expect(search!.method).toBe('POST');
    expect(search!.url).toBe('/sharing/rest/community/groups');
    expect(search!.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(form(search!))).toEqual({ q: `id:(${ids.join(' OR ')})`, num: '100', start: '1', f: 'json' });
    expect(everyGetFitsIis()).toBe(true);
  });

  it('a short look-up stays a GET', async () => {
    const res = await h.gql(GROUPS, { ids: [D.fieldTeamGroup] });
    expect(res.errors).toBeUndefined();
    expect(groupSearches().map((r) => r.method)).toEqual(['GET']);
  });

  it('the confirmItemControl pre-check over 100 groups finds the update-control group and sends no share', async () => {
    const groups = bulkGroups(100);
    const controlled = state().groups.get(groups[76]!)!;
    controlled.capabilities.push('updateitemcontrol');
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups } });
    expect(firstCode(res)).toBe('CONFIRM_ITEM_CONTROL_REQUIRED');
    expect(res.errors![0]!.extensions!.groups).toEqual([controlled.id]);
    expect(res.errors![0]!.message).toContain('Bulk group 77');
    expect(writes()).toHaveLength(0);
    expect(everyGetFitsIis()).toBe(true);
  });

  it('shares to 100 groups once confirmed', async () => {
    const groups = bulkGroups(100);
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups, confirmItemControl: true } });
    expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [], error: null });
    expect(groupsOf(D.parksMap)).toHaveLength(100);
    expect(everyGetFitsIis()).toBe(true);
  });

  const FAILED_SEARCH = {
    kind: 'respond' as const,
    status: 200,
    path: '/^\\/sharing\\/rest\\/community\\/groups$/',
    body: JSON.stringify({ error: { code: 403, message: 'You do not have permissions to access this resource or perform this operation.', details: [] } }),
  };

  const LOOKUP_ERROR = { code: 'FORBIDDEN', backend: 'ARCGIS', upstreamCode: 403 };

  it("shareItem fails with the look-up's error and sends no share when the groups cannot be read", async () => {
    h.sims.arcgis.sim.inject(FAILED_SEARCH);
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup, D.editorsGroup] } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.shareItem).toEqual({ itemId: D.parksMap, success: false, change: null, notSharedWith: [], error: LOOKUP_ERROR });
    expect(groupSearches()).toHaveLength(1);
    expect(writes()).toHaveLength(0);
    expect(groupsOf(D.parksMap)).toEqual([]);
  });

  it("shareItems gives every item the look-up's error, in input order, and sends no share", async () => {
    h.sims.arcgis.sim.inject(FAILED_SEARCH);
    const itemIds = [D.trailsLayer, D.parksMap];
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds, owner: 'alice', groups: [D.publicGroup, D.editorsGroup] } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.shareItems.results).toEqual(itemIds.map((itemId) => ({ itemId, success: false, change: null, notSharedWith: [], error: LOOKUP_ERROR })));
    expect(writes()).toHaveLength(0);
    expect(groupsOf(D.parksMap)).toEqual([]);
    expect(groupsOf(D.trailsLayer)).toEqual([D.fieldTeamGroup]);
  });

  it("a dry run with groups that cannot be read is WOULD_FAIL with the look-up's error", async () => {
    h.sims.arcgis.sim.inject({ ...FAILED_SEARCH, times: 2 });
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup], dryRun: true } });
    expect(res.data!.shareItem).toMatchObject({ success: false, change: 'WOULD_FAIL', error: LOOKUP_ERROR });
    expect(writes()).toHaveLength(0);
  });

  it('a group the portal does not know is still left for the portal to judge', async () => {
    const ghost = '0000000000000000000000000000beef';
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup, ghost] } });
    expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [{ id: ghost, title: null }] });
    expect(writes()).toHaveLength(1);
  });
});

describe('token placement and referer', () => {
  it('by default sends the token only as X-Esri-Authorization and no Referer', async () => {
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, groups: [D.fieldTeamGroup] } });
    expect(res.data!.shareItem.success).toBe(true);
    const log = h.sims.arcgis.sim.log;
    expect(log.map((r) => `${r.method} ${r.route}`).sort()).toEqual([
      'GET /sharing/rest/community/groups',
      'GET /sharing/rest/community/self',
      'POST /sharing/rest/content/users/:owner/items/:id/share',
    ]);
    for (const r of log) {
      expect(r.headers['x-esri-authorization']).toBe(`Bearer ${D.aliceToken}`);
      expect(r.headers.referer).toBeUndefined();
      expect(r.url + r.body).not.toContain(D.aliceToken);
    }
  });

  it('a referer-bound token fails without ARCGIS_REFERER (498), and nothing is shared', async () => {
    state().options.tokenReferers.set(D.aliceToken, REFERER);
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', org: true } });
    expect(res.data!.shareItem.error).toMatchObject({ code: 'UNAUTHENTICATED', upstreamCode: 498 });
    expect(levelOf(D.parksMap)).toBe('private');
  });

  describe('ARCGIS_TOKEN_IN=form and ARCGIS_REFERER', () => {
    let f: Harness;
    beforeAll(async () => {
      f = await startHarness({ env: { ARCGIS_TOKEN_IN: 'form', ARCGIS_REFERER: REFERER } });
    });
    afterAll(() => f.close());
    beforeEach(() => {
      f.reset();
      // A portal before 10.5.1 (or a proxy dropping custom headers) sees no header token; the token is bound to the referer.
      f.sims.arcgis.state.options.tokenHeaderSupported = false;
      f.sims.arcgis.state.options.tokenReferers.set(D.aliceToken, REFERER);
    });

    /** Every call went as POST, with the token in the form body only, never in a URL or header, and with the Referer. */
    function expectTokenInFormOnly(): void {
      const log = f.sims.arcgis.sim.log;
      expect(log.length).toBeGreaterThan(0);
      for (const r of log) {
        expect(r.method).toBe('POST');
        expect(r.headers['content-type']).toContain('application/x-www-form-urlencoded');
        expect(form(r).get('token')).toBe(D.aliceToken);
        expect(r.url).not.toContain(D.aliceToken);
        expect(r.url).not.toContain('token');
        expect(r.headers['x-esri-authorization']).toBeUndefined();
        expect(r.headers.authorization).toBeUndefined();
        expect(r.headers.referer).toBe(REFERER);
      }
    }

    it('shareItem works: community/self and the share both POST the token as a form field', async () => {
      const res = await f.gql(SHARE_ITEM, { input: { itemId: D.parksMap, groups: [D.fieldTeamGroup, D.financeGroup] } });
      expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [{ id: D.financeGroup, title: 'Finance' }], error: null });
      expect(f.sims.arcgis.state.items.get(D.parksMap)!.groups.has(D.fieldTeamGroup)).toBe(true);
      expect(f.sims.arcgis.sim.log.map((r) => r.route).sort()).toEqual(['/sharing/rest/community/groups', '/sharing/rest/community/self', '/sharing/rest/content/users/:owner/items/:id/share']);
      expectTokenInFormOnly();
    });

    it('reads (Query.groups, itemAccess) go as POST with the same fields', async () => {
      const res = await f.gql(`query($ids: [ID!]!) { groups(ids: $ids) { id } itemAccess(itemIds: ["${D.trailsLayer}"]) { level } }`, { ids: [D.fieldTeamGroup] });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ groups: [{ id: D.fieldTeamGroup }], itemAccess: [{ level: 'SHARED' }] });
      const search = f.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups' })[0]!;
      expect(form(search).get('q')).toBe(`id:(${D.fieldTeamGroup})`);
      expectTokenInFormOnly();
    });
  });

  it('never logs the token in form mode, whatever the call does', async () => {
    const o = await startObserved({ ARCGIS_TOKEN_IN: 'form', ARCGIS_REFERER: REFERER });
    try {
      const ok = await o.post({ query: SHARE_ITEM, variables: { input: { itemId: D.parksMap, groups: [D.fieldTeamGroup] } } }, { 'x-arcgis-token': D.aliceToken, 'x-request-id': 'form-ok' });
      expect(ok.data!.shareItem.success).toBe(true);
      o.sims.arcgis.sim.inject({ kind: 'respond', status: 500, body: 'boom', path: '/share' });
      const failed = await o.post({ query: SHARE_ITEM, variables: { input: { itemId: D.parksMap, owner: 'alice', org: true } } }, { 'x-arcgis-token': D.aliceToken, 'x-request-id': 'form-failed' });
      expect(failed.data!.shareItem.success).toBe(false);
      expect(o.sims.arcgis.sim.log.every((r) => form(r).get('token') === D.aliceToken)).toBe(true);
      // Both operations' lines are in the log before it is searched.
      await waitFor(() => ['form-ok', 'form-failed'].every((id) => o.lines.some((l) => l.msg === 'operation' && l.requestId === id)));
      expect(o.raw()).not.toContain(D.aliceToken);
    } finally {
      await o.close();
    }
  });
});

describe('org administrators, as the dry run predicts them', () => {
  const admin = { 'x-arcgis-token': D.adminToken };

  function snapshot(): string {
    return JSON.stringify([...state().items.values()].map((i) => [i.id, i.org, i.everyone, [...i.groups].sort()]));
  }

  async function run(input: Record<string, unknown>, headers: Record<string, string>, dryRun: boolean) {
    const before = snapshot();
    h.sims.arcgis.sim.clearLog();
    const res = await h.gql(SHARE_ITEM, { input: { ...input, dryRun } }, headers);
    expect(res.errors).toBeUndefined();
    if (dryRun) {
      expect(writes()).toHaveLength(0);
      expect(snapshot()).toBe(before);
    }
    return res.data!.shareItem;
  }

  it('a private item: only to groups the owner is in, predicted and real alike', async () => {
    const input = { itemId: D.bobsItem, owner: 'bob', groups: [D.publicGroup] };
    const preview = await run(input, admin, true);
    expect(preview).toMatchObject({ success: false, change: 'WOULD_FAIL', notSharedWith: [{ id: D.publicGroup }], error: { code: 'FORBIDDEN' } });
    const real = await run(input, admin, false);
    expect(real).toMatchObject({ notSharedWith: [{ id: D.publicGroup }] });
    expect(groupsOf(D.bobsItem)).toEqual([]);
  });

  it("asks the portal once for the owner's groups on a dry run", async () => {
    await run({ itemId: D.bobsItem, owner: 'bob', groups: [D.publicGroup, D.fieldTeamGroup] }, admin, true);
    expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/users/:username' }).map((r) => r.path)).toEqual(['/sharing/rest/community/users/bob']);
  });

  it('an org-level item: to any group of the org, predicted and real alike', async () => {
    state().items.get(D.bobsItem)!.org = true;
    const input = { itemId: D.bobsItem, owner: 'bob', groups: [D.publicGroup] };
    const preview = await run(input, admin, true);
    expect(preview).toMatchObject({ success: true, change: 'GRANTED', notSharedWith: [], error: null });
    const real = await run(input, admin, false);
    expect(real).toMatchObject({ success: true, notSharedWith: [], error: null });
    expect(groupsOf(D.bobsItem)).toEqual([D.publicGroup]);
  });

  it("WOULD_FAIL with the read's error when the owner's groups cannot be read", async () => {
    h.sims.arcgis.sim.inject({ kind: 'respond', status: 200, path: '/community/users/bob', body: JSON.stringify({ error: { code: 403, message: 'no', details: [] } }) });
    const preview = await run({ itemId: D.bobsItem, owner: 'bob', groups: [D.fieldTeamGroup] }, admin, true);
    expect(preview).toMatchObject({ change: 'WOULD_FAIL', error: { code: 'FORBIDDEN', upstreamCode: 403 } });
  });

  it('a custom role that reports org_admin (it carries a roleId) is predicted refused, as the portal refuses it', async () => {
    const carol = { username: 'carol', token: 'carol-custom-role-token', role: 'org_admin' as const, roleId: 'c0ffee0000000000', orgId: D.orgId };
    state().users.set(carol.username, carol);
    state().byToken.set(carol.token, carol);
    state().items.get(D.bobsItem)!.org = true; // visible to Carol, so the portal's answer is its 403, not "does not exist"
    const input = { itemId: D.bobsItem, owner: 'bob', everyone: true };
    const preview = await run(input, { 'x-arcgis-token': carol.token }, true);
    expect(preview).toMatchObject({ success: false, change: 'WOULD_FAIL', error: { code: 'FORBIDDEN' } });
    const real = await run(input, { 'x-arcgis-token': carol.token }, false);
    expect(real.error).toMatchObject({ code: 'FORBIDDEN', upstreamCode: 403 });
    expect(levelOf(D.bobsItem)).toBe('org');
  });
});

describe('ARCGIS_TOKEN_IN and ARCGIS_REFERER settings', () => {
  it('default to header and no referer', () => {
    const c = loadConfig({});
    expect(c.arcgisTokenIn).toBe('header');
    expect(c.arcgisReferer).toBeNull();
  });

  it('read form and a referer', () => {
    const c = loadConfig({ ARCGIS_TOKEN_IN: 'form', ARCGIS_REFERER: ` ${REFERER} ` });
    expect(c.arcgisTokenIn).toBe('form');
    expect(c.arcgisReferer).toBe(REFERER);
  });

  it.each([
    ['ARCGIS_TOKEN_IN', 'query'],
    ['ARCGIS_REFERER', `${REFERER}\r\nX-Esri-Authorization: Bearer stolen`],
  ])('refuse %s=%j, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
