/**
 * Misuse of the ArcGIS operations, after dataloader's abuse tests: every bad
 * input is refused with BAD_USER_INPUT, a message naming the field, and no
 * upstream request at all.
 */
import { startHarness, firstCode } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const SHARE_ITEM = `mutation($input: ShareItemInput!) { shareItem(input: $input) { itemId success } }`;
const SHARE_ITEMS = `mutation($input: ShareItemsInput!) { shareItems(input: $input) { results { itemId } } }`;

async function expectRefused(query: string, variables: Record<string, unknown>, field: string): Promise<void> {
  const res = await h.gql(query, variables);
  expect(firstCode(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0]!.message).toContain(field);
  expect(h.upstreamCount()).toBe(0);
}

const HOSTILE_IDS = [
  '..',
  '../x',
  '..%2F',
  '%2e%2e%2f',
  '%252e%252e%252f',
  '..\\',
  '%5c',
  '．．／',
  '/',
  '%2F',
  '?',
  '%3F',
  '#',
  '%23',
  ';',
  '&',
  '=',
  '+',
  ' ',
  '%20',
  '\t',
  'http://169.254.169.254/latest',
  '//evil.example/x',
  '@evil.example',
  '\\\\evil',
  'user:pass@host',
  'file:///etc/passwd',
  '\r\n',
  '%0d%0a',
  '\u2028',
  '\u0085',
  '\u0000',
  '%00',
  '\u007f',
  'x\r\nX-Esri-Authorization: stolen',
  '\u202e' + 'a'.repeat(31),
  'a\u0301'.repeat(16),
  '\ud800' + 'a'.repeat(31),
  '😀'.repeat(16),
  'a'.repeat(1_000_000),
  '',
  '   ',
  '__proto__',
  'constructor',
  'prototype',
  D.parksMap + '/../x',
  D.parksMap.slice(0, 31),
  D.parksMap + '0',
  'g' + D.parksMap.slice(1),
];

describe('shareItem refuses ids that are not 32 hexadecimal characters', () => {
  it.each(HOSTILE_IDS.map((id) => [JSON.stringify(id.slice(0, 30)), id]))('itemId %s', async (_label, id) => {
    await expectRefused(SHARE_ITEM, { input: { itemId: id, owner: 'alice', org: true } }, 'input.itemId');
  });

  it.each(HOSTILE_IDS.slice(0, 20).map((id) => [JSON.stringify(id), id]))('group id %s', async (_label, id) => {
    await expectRefused(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [id] } }, 'input.groups[0]');
  });
});

describe('owner names', () => {
  it.each(['..', '.', 'a/b', 'a%2Fb', 'alice\r\nX: y', 'al ice', 'x'.repeat(129), '', '../../x', 'a?b', 'a#b'])('refuses owner %j', async (owner) => {
    await expectRefused(SHARE_ITEM, { input: { itemId: D.parksMap, owner, org: true } }, 'input.owner');
  });

  it.each(['alice', 'first.last@example.com', 'user_name-1'])('accepts owner %j and encodes it as one segment', async (owner) => {
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner, org: true } });
    expect(res.errors).toBeUndefined();
    const [post] = h.sims.arcgis.sim.requests({ method: 'POST' });
    expect(post!.path).toBe(`/sharing/rest/content/users/${encodeURIComponent(owner)}/items/${D.parksMap}/share`);
    expect(post!.route).not.toBeNull();
  });
});

describe('list rules', () => {
  it('refuses an empty itemIds', () => expectRefused(SHARE_ITEMS, { input: { itemIds: [], org: true } }, 'input.itemIds'));
  it('refuses more than 1,000 items', () => expectRefused(SHARE_ITEMS, { input: { itemIds: Array.from({ length: 1001 }, (_, i) => hexId('ba', i + 1)), org: true } }, 'input.itemIds'));
  it('refuses duplicate item ids, whatever their case', () => expectRefused(SHARE_ITEMS, { input: { itemIds: [D.parksMap, D.trailsLayer, D.parksMap.toUpperCase()], org: true } }, 'input.itemIds'));
  it('refuses more than 100 groups', () => expectRefused(SHARE_ITEMS, { input: { itemIds: [D.parksMap], groups: Array.from({ length: 101 }, (_, i) => hexId('9a', i + 1)) } }, 'input.groups'));
  it('refuses duplicate groups', () => expectRefused(SHARE_ITEM, { input: { itemId: D.parksMap, groups: [D.fieldTeamGroup, D.fieldTeamGroup] } }, 'input.groups'));
  it('refuses a share with nothing: no groups and neither everyone nor org', () => expectRefused(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice' } }, 'input.groups'));
  it('refuses a share with an empty groups list and nothing else', () => expectRefused(SHARE_ITEMS, { input: { itemIds: [D.parksMap], groups: [] } }, 'input.groups'));
  it('refuses Query.groups with bad ids', async () => {
    const res = await h.gql(`{ groups(ids: ["../x"]) { id } }`);
    expect(firstCode(res)).toBe('BAD_USER_INPUT');
    expect(h.upstreamCount()).toBe(0);
  });
});

describe('GraphQL-level misuse: graphql-js refuses the variables before execution, with HTTP 400 and BAD_USER_INPUT', () => {
  async function expectBadVariable(variables: Record<string, unknown>, message: string): Promise<void> {
    const res = await h.gql(SHARE_ITEMS, variables);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([expect.objectContaining({ message: expect.stringContaining(message), extensions: { code: 'BAD_USER_INPUT' } })]);
    expect(h.upstreamCount()).toBe(0);
  }

  it.each([
    ['an object', { id: D.parksMap }, 'at "input.itemIds[0]"; ID cannot represent value'],
    ['a list', [D.parksMap], 'at "input.itemIds[0]"; ID cannot represent value'],
    ['a boolean', true, 'got invalid value true at "input.itemIds[0]"; ID cannot represent value: true'],
    // JSON has no such number: it goes out as null.
    ['1e309', Infinity, 'got invalid value null at "input.itemIds[0]"; Expected non-nullable type "ID!" not to be null.'],
  ])('%s where an ID is expected', (_label, id, message) => expectBadVariable({ input: { itemIds: [id], org: true } }, message));

  it('null inside a list of non-null ids', () =>
    expectBadVariable({ input: { itemIds: [D.parksMap, null], org: true } }, 'got invalid value null at "input.itemIds[1]"; Expected non-nullable type "ID!" not to be null.'));

  it('a field the input type does not have', () => expectBadVariable({ input: { itemIds: [D.parksMap], org: true, itemID: D.parksMap } }, 'Field "itemID" is not defined by type "ShareItemsInput".'));
});
