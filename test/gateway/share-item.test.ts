import { startHarness, firstCode, DEMO_HEADERS } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';

const SHARE_ITEM = `mutation($input: ShareItemInput!) {
  shareItem(input: $input) {
    itemId success change
    notSharedWith { id title itemUpdateControl membership }
    error { code message backend upstreamCode }
  }
}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const shareRequests = () => h.sims.arcgis.sim.requests({ method: 'POST' });

describe('shareItem', () => {
  it('posts to content/users/{owner}/items/{id}/share with only the fields given', async () => {
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup, D.publicGroup] } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.shareItem).toMatchObject({ itemId: D.parksMap, success: true, notSharedWith: [], error: null });
    const [post] = shareRequests();
    expect(post!.path).toBe(`/sharing/rest/content/users/alice/items/${D.parksMap}/share`);
    const form = new URLSearchParams(post!.body);
    expect([...form.keys()].sort()).toEqual(['f', 'groups']);
    expect(form.get('groups')).toBe(`${D.fieldTeamGroup},${D.publicGroup}`);
    expect(form.get('f')).toBe('json');
    expect(post!.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(h.sims.arcgis.state.items.get(D.parksMap)!.groups.has(D.fieldTeamGroup)).toBe(true);
  });

  it('sends everyone, org and confirmItemControl when given, and the token only as X-Esri-Authorization', async () => {
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', everyone: true, org: false, confirmItemControl: true } });
    expect(res.data!.shareItem.success).toBe(true);
    const [post] = shareRequests();
    const form = new URLSearchParams(post!.body);
    expect(Object.fromEntries(form)).toEqual({ everyone: 'true', org: 'false', confirmItemControl: 'true', f: 'json' });
    expect(post!.headers['x-esri-authorization']).toBe(`Bearer ${D.aliceToken}`);
    expect(post!.headers['x-ocm-authorization']).toBeUndefined();
    expect(post!.headers['x-arcgis-token']).toBeUndefined();
    expect(post!.body).not.toContain(D.aliceToken);
    expect(h.sims.arcgis.state.accessOf(h.sims.arcgis.state.items.get(D.parksMap)!)).toBe('public');
  });

  it("uses the caller's own user name when owner is omitted, asking the portal once", async () => {
    const res = await h.gql(`mutation { a: shareItem(input: { itemId: "${D.parksMap}", org: true }) { success } b: shareItem(input: { itemId: "${D.trailsLayer}", org: true }) { success } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: { success: true }, b: { success: true } });
    expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/self' })).toHaveLength(1);
    expect(shareRequests().map((r) => r.path)).toEqual([`/sharing/rest/content/users/alice/items/${D.parksMap}/share`, `/sharing/rest/content/users/alice/items/${D.trailsLayer}/share`]);
  });

  it('reports groups the owner may not share to as Group objects in notSharedWith', async () => {
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, groups: [D.fieldTeamGroup, D.financeGroup] } });
    expect(res.data!.shareItem.notSharedWith).toEqual([{ id: D.financeGroup, title: 'Finance', itemUpdateControl: false, membership: 'NONE' }]);
  });

  it("lets an org admin share on the owner's behalf", async () => {
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.bobsItem, owner: 'bob', org: true } }, { 'x-arcgis-token': D.adminToken });
    expect(res.data!.shareItem).toMatchObject({ success: true, error: null });
    expect(h.sims.arcgis.state.accessOf(h.sims.arcgis.state.items.get(D.bobsItem)!)).toBe('org');
  });

  describe('CONFIRM_ITEM_CONTROL_REQUIRED pre-check', () => {
    it('refuses a share with an update-control group without confirmItemControl, naming it, sending nothing', async () => {
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup, D.editorsGroup] } });
      expect(firstCode(res)).toBe('CONFIRM_ITEM_CONTROL_REQUIRED');
      expect(res.errors![0]!.message).toContain('Shared Editors');
      expect(res.errors![0]!.extensions!.groups).toEqual([D.editorsGroup]);
      expect(shareRequests()).toHaveLength(0);
    });

    it('shares once confirmItemControl is true', async () => {
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.editorsGroup], confirmItemControl: true } });
      expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [] });
      expect(new URLSearchParams(shareRequests()[0]!.body).get('confirmItemControl')).toBe('true');
    });

    it('resolves notSharedWith from the groups the pre-check already loaded (one search)', async () => {
      await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.financeGroup, D.editorsGroup], confirmItemControl: false } });
      expect(shareRequests()).toHaveLength(0);
      h.reset();
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.financeGroup, D.fieldTeamGroup] } });
      expect(res.data!.shareItem.notSharedWith.map((g: { id: string }) => g.id)).toEqual([D.financeGroup]);
      expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups' })).toHaveLength(1);
    });
  });

  describe('portal errors (HTTP 200 with an error body) map to ShareError codes', () => {
    const cases: Array<[string, number, string, string]> = [
      ['invalid token', 498, 'Invalid token.', 'UNAUTHENTICATED'],
      ['token required', 499, 'Token Required', 'UNAUTHENTICATED'],
      ['no permission', 403, 'You do not have permissions to access this resource or perform this operation.', 'FORBIDDEN'],
      ['validation', 400, "'type' and 'title' property required.", 'BAD_REQUEST'],
      ['missing item', 400, 'Item does not exist or is inaccessible.', 'NOT_FOUND'],
      ['404', 404, 'Not here', 'NOT_FOUND'],
      ['other', 500, 'Something broke', 'UPSTREAM_ERROR'],
    ];
    it.each(cases)('%s (%d) -> %s with upstreamCode', async (_name, code, message, expected) => {
      h.sims.arcgis.sim.inject({ kind: 'respond', status: 200, path: '/share', body: JSON.stringify({ error: { code, message, details: [] } }) });
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', org: true } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.shareItem).toMatchObject({ itemId: D.parksMap, success: false, error: { code: expected, backend: 'ARCGIS', upstreamCode: code } });
      expect(res.data!.shareItem.error!.message).not.toContain(message);
    });

    it('a real bad token from the simulator is UNAUTHENTICATED (498)', async () => {
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', org: true } }, { 'x-arcgis-token': 'not-a-token' });
      expect(res.data!.shareItem.error).toMatchObject({ code: 'UNAUTHENTICATED', upstreamCode: 498 });
    });

    it('an unknown item is NOT_FOUND', async () => {
      const res = await h.gql(SHARE_ITEM, { input: { itemId: '0000000000000000000000000000dead', owner: 'alice', org: true } });
      expect(res.data!.shareItem.error).toMatchObject({ code: 'NOT_FOUND', backend: 'ARCGIS' });
    });
  });

  describe('credentials and configuration', () => {
    it('fails with UNAUTHENTICATED and sends nothing without X-ArcGIS-Token', async () => {
      const { 'x-arcgis-token': _dropped, ...others } = DEMO_HEADERS;
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', org: true } }, others);
      expect(firstCode(res)).toBe('UNAUTHENTICATED');
      expect(h.upstreamCount()).toBe(0);
    });

    it('never echoes the token in an error', async () => {
      const secret = 'sekrit-token-value-123';
      h.sims.arcgis.sim.inject({ kind: 'respond', status: 200, path: '/share', body: JSON.stringify({ error: { code: 498, message: `Invalid token ${secret}` } }) });
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', org: true } }, { 'x-arcgis-token': secret });
      expect(JSON.stringify(res)).not.toContain(secret);
    });
  });
});

describe('a gateway without ARCGIS_URL', () => {
  let bare: Harness;
  beforeAll(async () => {
    bare = await startHarness({ unconfigured: ['ARCGIS_URL'] });
  });
  afterAll(() => bare.close());

  it('fails ArcGIS mutations with BACKEND_NOT_CONFIGURED', async () => {
    const res = await bare.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', org: true } });
    expect(firstCode(res)).toBe('BACKEND_NOT_CONFIGURED');
    expect(bare.upstreamCount()).toBe(0);
  });
});
