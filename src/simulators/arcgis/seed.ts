/**
 * Demo data for the ArcGIS simulator. The README, the GraphiQL examples and
 * the tests use these ids and tokens.
 */
export interface ArcgisSeedUser {
  username: string;
  token: string;
  role: 'org_admin' | 'org_user';
  /** A custom role's id (custom roles are not full org admins). */
  roleId?: string;
  orgId: string;
}

export interface ArcgisSeedGroup {
  id: string;
  title: string;
  owner: string;
  access: 'private' | 'org' | 'public';
  orgId: string;
  capabilities: string[];
  /** username -> member type; the owner is added as 'owner'. */
  members: Record<string, 'admin' | 'member'>;
}

export interface ArcgisSeedItem {
  id: string;
  owner: string;
  title: string;
  access: 'private' | 'shared' | 'org' | 'public';
  groups: string[];
}

export interface ArcgisSeed {
  users: ArcgisSeedUser[];
  groups: ArcgisSeedGroup[];
  items: ArcgisSeedItem[];
}

/** A 32-hex id, deterministic: `hexId('a1', 7)` -> 'a1000000000000000000000000000007'. */
export function hexId(prefix: string, n: number): string {
  const tail = n.toString(16);
  return prefix + '0'.repeat(32 - prefix.length - tail.length) + tail;
}

export const ARCGIS_DEMO = {
  orgId: 'demoorg',
  aliceToken: 'demo-arcgis-token',
  adminToken: 'demo-arcgis-admin-token',
  bobToken: 'demo-arcgis-bob-token',
  alice: 'alice',
  admin: 'admin',
  bob: 'bob',
  /** Alice is a member. */
  fieldTeamGroup: 'f1e1d000000000000000000000000001',
  /** Alice is a member; members may update shared items (updateitemcontrol). */
  editorsGroup: 'f1e1d000000000000000000000000002',
  /** Alice is not a member: sharing to it comes back in notSharedWith. */
  financeGroup: 'f1e1d000000000000000000000000003',
  /** Public group owned by Alice. */
  publicGroup: 'f1e1d000000000000000000000000004',
  /** A title full of the search syntax's characters (`"`, `:`, `(`, `)`, OR, `*`), for the picker's escaping. */
  nightShiftGroup: 'f1e1d000000000000000000000000005',
  nightShiftTitle: 'Ops: "Night Shift" (North OR South) *',
  /** A second group with "Field" in its title, for the picker's examples. */
  fieldSurveyGroup: 'f1e1d000000000000000000000000006',
  /** Alice's items. */
  parksMap: 'a11ce000000000000000000000000001',
  trailsLayer: 'a11ce000000000000000000000000002',
  surveyForm: 'a11ce000000000000000000000000003',
  /** Bob's item. */
  bobsItem: 'b0b00000000000000000000000000001',
  /** Bulk items owned by Alice: `hexId('ba', n)` for n in 1..bulkItemCount. */
  bulkItemCount: 1200,
  /** Bulk groups Alice belongs to: `hexId('9a', n)` for n in 1..bulkGroupCount. */
  bulkGroupCount: 150,
} as const;

export function demoArcgisSeed(): ArcgisSeed {
  const d = ARCGIS_DEMO;
  const groups: ArcgisSeedGroup[] = [
    { id: d.fieldTeamGroup, title: 'Field Team', owner: d.admin, access: 'org', orgId: d.orgId, capabilities: [], members: { alice: 'member', bob: 'member' } },
    { id: d.editorsGroup, title: 'Shared Editors', owner: d.admin, access: 'org', orgId: d.orgId, capabilities: ['updateitemcontrol'], members: { alice: 'admin' } },
    { id: d.financeGroup, title: 'Finance', owner: d.bob, access: 'org', orgId: d.orgId, capabilities: [], members: {} },
    { id: d.publicGroup, title: 'Open Data', owner: d.alice, access: 'public', orgId: d.orgId, capabilities: [], members: {} },
    { id: d.nightShiftGroup, title: d.nightShiftTitle, owner: d.admin, access: 'org', orgId: d.orgId, capabilities: [], members: {} },
    { id: d.fieldSurveyGroup, title: 'Field Survey Crews', owner: d.admin, access: 'org', orgId: d.orgId, capabilities: [], members: {} },
  ];
  for (let n = 1; n <= d.bulkGroupCount; n++) {
    groups.push({ id: hexId('9a', n), title: `Bulk group ${n}`, owner: d.admin, access: 'org', orgId: d.orgId, capabilities: [], members: { alice: 'member' } });
  }
  const items: ArcgisSeedItem[] = [
    { id: d.parksMap, owner: d.alice, title: 'City parks map', access: 'private', groups: [] },
    { id: d.trailsLayer, owner: d.alice, title: 'Trails layer', access: 'shared', groups: [d.fieldTeamGroup] },
    { id: d.surveyForm, owner: d.alice, title: 'Survey form', access: 'org', groups: [] },
    { id: d.bobsItem, owner: d.bob, title: "Bob's notes", access: 'private', groups: [] },
  ];
  for (let n = 1; n <= d.bulkItemCount; n++) {
    items.push({ id: hexId('ba', n), owner: d.alice, title: `Bulk item ${n}`, access: 'private', groups: [] });
  }
  return {
    users: [
      { username: d.alice, token: d.aliceToken, role: 'org_user', orgId: d.orgId },
      { username: d.admin, token: d.adminToken, role: 'org_admin', orgId: d.orgId },
      { username: d.bob, token: d.bobToken, role: 'org_user', orgId: d.orgId },
    ],
    groups,
    items,
  };
}
