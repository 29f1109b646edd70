/**
 * Esri's own client (@esri/arcgis-rest-request's ArcGISIdentityManager and
 * @esri/arcgis-rest-portal) against the ArcGIS simulator over real HTTP, as
 * a newcomer would point it at a portal: every call below runs unchanged,
 * with the client's own methods, routes and parameters, and what it changes
 * is read back from the simulator's state and request log. Whatever the
 * client needed that the simulator lacked was added to the simulator
 * (src/simulators/arcgis/routes.ts, each route with the doc page or the
 * arcgis-rest-js path it answers), never worked around here.
 */
import { ArcGISIdentityManager } from '@esri/arcgis-rest-request';
import type { ArcGISRequestError } from '@esri/arcgis-rest-request';
import { getGroup, getItem, getItemGroups, getSelf, getUser, searchGroups, searchItems, setItemAccess, shareItemWithGroup, unshareItemWithGroup } from '@esri/arcgis-rest-portal';
import { createArcgisSimulator, ARCGIS_BASE_PATH } from '../../src/simulators/arcgis/server';
import type { SimServer } from '../../src/simulators/kit';
import type { ArcgisState } from '../../src/simulators/arcgis/state';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';

let sim: SimServer;
let state: ArcgisState;
let portal: string;
let alice: ArcGISIdentityManager;
let admin: ArcGISIdentityManager;

beforeAll(async () => {
  ({ sim, state } = createArcgisSimulator());
  portal = (await sim.listen(0, '127.0.0.1')) + ARCGIS_BASE_PATH;
  // fromToken reads community/self for the user name, as it does against a portal.
  [alice, admin] = await Promise.all([ArcGISIdentityManager.fromToken({ token: D.aliceToken, portal }), ArcGISIdentityManager.fromToken({ token: D.adminToken, portal })]);
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

/** The calls the simulator answered since the last reset, as `METHOD route`. */
const calls = () => sim.log.map((r) => `${r.method} ${(r.route ?? r.path).replace(ARCGIS_BASE_PATH, '')}`);
const groupsOf = (itemId: string) => [...state.items.get(itemId)!.groups].sort();

describe('reads', () => {
  it('fromToken: the user name from community/self', () => {
    expect([alice.username, admin.username]).toEqual(['alice', 'admin']);
  });

  it("getSelf: the caller's organisation (portals/self)", async () => {
    const self = await getSelf({ authentication: alice });
    expect(self).toMatchObject({ id: D.orgId, isPortal: false, user: { username: 'alice', orgId: D.orgId } });
    expect(calls()).toEqual(['GET /portals/self']);
  });

  it('getUser: the signed-in user with the groups they belong to, as community/self lists them too', async () => {
    const user = await getUser({ authentication: alice });
    expect(user).toMatchObject({ username: 'alice', role: 'org_user', orgId: D.orgId });
    expect(user.groups!.map((g) => g.id)).toEqual(expect.arrayContaining([D.fieldTeamGroup, D.editorsGroup, D.publicGroup]));
    expect(user.groups!.find((g) => g.id === D.editorsGroup)!.userMembership!.memberType).toBe('admin');
    const self = (await alice.getUser()) as { groups?: Array<{ id: string }> };
    expect(self.groups!.map((g) => g.id)).toEqual(user.groups!.map((g) => g.id));
  });

  it('searchGroups: a title:"…" phrase and an owner: query', async () => {
    const byTitle = await searchGroups({ q: 'title:"Field Team"', authentication: alice });
    expect(byTitle.results.map((g) => g.id)).toEqual([D.fieldTeamGroup]);
    const byOwner = await searchGroups({ q: 'owner:alice', authentication: alice });
    expect(byOwner.results.map((g) => [g.id, g.title])).toEqual([[D.publicGroup, 'Open Data']]);
    expect(byOwner.total).toBe(1);
  });

  it('searchGroups pages with nextPage, as the client follows nextStart', async () => {
    const first = await searchGroups({ q: 'title:"Bulk group"', num: 100, authentication: alice });
    expect(first.total).toBe(D.bulkGroupCount);
    const second = await first.nextPage!();
    expect(first.results.length + second.results.length).toBe(D.bulkGroupCount);
  });

  it("getGroup: the group with the caller's membership", async () => {
    const group = await getGroup(D.fieldTeamGroup, { authentication: alice });
    expect(group).toMatchObject({ id: D.fieldTeamGroup, title: 'Field Team', userMembership: { memberType: 'member' } });
  });

  it('getItem: the item with the fields the client reads (it builds thumbnailUrl from them)', async () => {
    const item = await getItem(D.trailsLayer, { authentication: alice });
    expect(item).toMatchObject({ id: D.trailsLayer, owner: 'alice', title: 'Trails layer', access: 'shared', type: 'Web Map', typeKeywords: expect.any(Array), tags: [] });
    expect(item.thumbnailUrl).toBe(`${portal}/content/items/${D.trailsLayer}/info/thumbnail/thumbnail.png?${D.aliceToken}`);
  });

  it("getItemGroups: the item's groups by the caller's role in them, over POST (the client's default)", async () => {
    const groups = await getItemGroups(D.trailsLayer, { authentication: alice });
    expect(groups.member!.map((g) => g.id)).toEqual([D.fieldTeamGroup]);
    expect(calls()).toEqual([`POST /content/items/:id/groups`]);
  });

  it('searchItems: owner: and id: queries over the items the caller may see', async () => {
    const mine = await searchItems({ q: `owner:alice AND title:"City parks"`, authentication: alice });
    expect(mine.results.map((i) => i.id)).toEqual([D.parksMap]);
    const bobs = await searchItems({ q: `id:${D.bobsItem}`, authentication: alice });
    expect(bobs.total).toBe(0);
    const asAdmin = await searchItems({ q: `id:${D.bobsItem}`, authentication: admin });
    expect(asAdmin.results.map((i) => i.owner)).toEqual(['bob']);
  });

  it('an error arrives with its messageCode as the error code', async () => {
    const error = (await getItem('0000000000000000000000000000dead', { authentication: alice }).catch((err: unknown) => err)) as ArcGISRequestError;
    expect([error.name, error.code]).toEqual(['ArcGISRequestError', 'CONT_0001']);
    const group = (await getGroup('0000000000000000000000000000dead', { authentication: alice }).catch((err: unknown) => err)) as ArcGISRequestError;
    expect(group.code).toBe('COM_0003');
    const query = (await searchItems({ q: 'title:"unclosed', authentication: alice }).catch((err: unknown) => err)) as ArcGISRequestError;
    expect(query.code).toBe('GWM_0007');
  });
});

describe('sharing', () => {
  it("shareItemWithGroup as the owner: the item search, then the owner's share route", async () => {
    const res = await shareItemWithGroup({ id: D.parksMap, groupId: D.fieldTeamGroup, authentication: alice });
    expect(res.notSharedWith).toEqual([]);
    expect(groupsOf(D.parksMap)).toEqual([D.fieldTeamGroup]);
    expect(calls()).toEqual(['POST /search', 'POST /content/users/:owner/items/:id/share']);
    // Shared already: the client's search finds it and it sends nothing more.
    sim.clearLog();
    expect(await shareItemWithGroup({ id: D.parksMap, groupId: D.fieldTeamGroup, authentication: alice })).toMatchObject({ shortcut: true });
    expect(calls()).toEqual(['POST /search']);
  });

  it("shareItemWithGroup as an org admin for the owner: the admin's and the owner's profiles, then the owner's route", async () => {
    const res = await shareItemWithGroup({ id: D.parksMap, groupId: D.fieldTeamGroup, owner: 'alice', authentication: admin });
    expect(res.notSharedWith).toEqual([]);
    expect(groupsOf(D.parksMap)).toEqual([D.fieldTeamGroup]);
    expect(calls()).toEqual(expect.arrayContaining(['POST /search', 'GET /community/users/:username', 'GET /community/groups/:id', 'POST /content/users/:owner/items/:id/share']));
    expect(calls()).not.toContain('POST /content/items/:id/share');
  });

  it("shareItemWithGroup as a group owner for another user's item: content/items/{id}/share", async () => {
    // Bob's item at org level, so that Alice sees it; Alice owns Open Data.
    state.items.get(D.bobsItem)!.org = true;
    const res = await shareItemWithGroup({ id: D.bobsItem, groupId: D.publicGroup, owner: 'bob', authentication: alice });
    expect(res.notSharedWith).toEqual([]);
    expect(groupsOf(D.bobsItem)).toEqual([D.publicGroup]);
    expect(calls()).toContain('POST /content/items/:id/share');
    // A group she does not administer is refused there, and the client says so.
    const refused = await shareItemWithGroup({ id: D.bobsItem, groupId: D.fieldTeamGroup, owner: 'bob', authentication: alice }).catch((err: Error) => err);
    expect(String((refused as Error).message ?? refused)).toContain(`could not be shared to group ${D.fieldTeamGroup}`);
    expect(groupsOf(D.bobsItem)).toEqual([D.publicGroup]);
  });

  it("unshareItemWithGroup as the owner: the item search, then the owner's unshare route", async () => {
    const res = await unshareItemWithGroup({ id: D.trailsLayer, groupId: D.fieldTeamGroup, authentication: alice });
    expect(res.notUnsharedFrom).toEqual([]);
    expect(groupsOf(D.trailsLayer)).toEqual([]);
    expect(calls()).toEqual(expect.arrayContaining(['POST /search', 'POST /content/users/:owner/items/:id/unshare']));
  });

  it('unshareItemWithGroup as an org admin: content/items/{id}/unshare', async () => {
    const res = await unshareItemWithGroup({ id: D.trailsLayer, groupId: D.fieldTeamGroup, owner: 'alice', authentication: admin });
    expect(res.notUnsharedFrom).toEqual([]);
    expect(groupsOf(D.trailsLayer)).toEqual([]);
    expect(calls()).toContain('POST /content/items/:id/unshare');
  });

  it('setItemAccess: org, public and private, the last taking the item out of every group', async () => {
    await setItemAccess({ id: D.trailsLayer, access: 'org', authentication: alice });
    expect(state.accessOf(state.items.get(D.trailsLayer)!)).toBe('org');
    await setItemAccess({ id: D.trailsLayer, access: 'public', owner: 'alice', authentication: admin });
    expect(state.accessOf(state.items.get(D.trailsLayer)!)).toBe('public');
    await setItemAccess({ id: D.trailsLayer, access: 'private', authentication: alice });
    expect(state.accessOf(state.items.get(D.trailsLayer)!)).toBe('private');
    expect(groupsOf(D.trailsLayer)).toEqual([]);
  });
});

describe('every route by GET and POST, as the portal answers them', () => {
  it.each([
    ['getItem', () => getItem(D.parksMap, { authentication: alice, httpMethod: 'POST' })],
    ['getGroup', () => getGroup(D.fieldTeamGroup, { authentication: alice, httpMethod: 'POST' })],
    ['getItemGroups', () => getItemGroups(D.trailsLayer, { authentication: alice, httpMethod: 'GET' })],
    ['searchItems', () => searchItems({ q: 'owner:alice', authentication: alice, httpMethod: 'POST' })],
    ['shareItemWithGroup', () => shareItemWithGroup({ id: D.parksMap, groupId: D.fieldTeamGroup, authentication: alice, httpMethod: 'GET' })],
  ])('%s with the other method', async (_name, call) => {
    await expect(call()).resolves.toBeDefined();
    expect(sim.log.every((r) => r.route !== null)).toBe(true);
  });
});
