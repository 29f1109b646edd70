/**
 * Every argument that can end up in an upstream URL path, on every
 * operation, against every hostile form in reliability.md section 3
 * (traversal in every encoding, separators, absolute and authority forms,
 * CR/LF and control characters, unicode tricks, oversize, wrong types,
 * prototype keys). Each gives BAD_USER_INPUT (or a GraphQL variable error)
 * with nothing sent, or travels as exactly one percent-encoded segment that
 * the simulator decodes back to the very value sent. No simulator ever logs a
 * request outside its route templates.
 *
 * ArcGIS shareItem's itemId (and its first group ids) are covered by
 * test/gateway/abuse.test.ts; everything else is here.
 */
import { request } from 'undici';
import { startHarness } from '../helpers/harness';
import type { GqlBody, Harness } from '../helpers/harness';
import type { LoggedRequest } from '../../src/simulators/kit';
import { ARCGIS_DEMO as A, hexId } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as X } from '../../src/simulators/onlyoffice/seed';
import { HOSTILE_STRINGS, RAW_NUMBERS, WRONG_TYPES, withValid } from '../fuzz/hostile';

type BackendKey = 'arcgis' | 'ocm' | 'onlyoffice';

/** One argument of one operation, and the rest of a valid input around it. */
interface Slot {
  name: string;
  backend: BackendKey;
  query: string;
  vars(value: unknown): Record<string, unknown>;
  /** A value of the argument's legitimate form, to wrap hostile parts around. */
  valid: string;
  /** The value lands in an upstream path (not only in a body or query string). */
  inPath: boolean;
  /** For list arguments: the list, given its entries. */
  list?: (entries: unknown[]) => Record<string, unknown>;
  /** For list arguments: one more than the documented maximum. */
  max?: number;
}

const SHARE_ITEM = `mutation($input: ShareItemInput!) { shareItem(input: $input) { itemId success error { code } } }`;
const SHARE_ITEMS = `mutation($input: ShareItemsInput!) { shareItems(input: $input) { results { itemId success error { code } } } }`;
const UNSHARE_ITEMS = `mutation($input: UnshareItemsInput!) { unshareItems(input: $input) { results { itemId success error { code } } } }`;
const ITEM_ACCESS = `query($ids: [ID!]!) { itemAccess(itemIds: $ids) { itemId level } }`;
const GROUPS = `query($ids: [ID!]!) { groups(ids: $ids) { id title } }`;
const SHARE_FOLDER = `mutation($input: ShareFolderInput!) { shareFolder(input: $input) { folderId results { recipientId success error { code } } } }`;
const REVOKE = `mutation($input: RevokeFolderSharesInput!) { revokeFolderShares(input: $input) { folderId results { recipientId success error { code } } } }`;
const FOLDER_ACCESS = `query($backend: FolderBackend!, $folderId: ID!) { folderAccess(backend: $backend, folderId: $folderId) { folderId grants { role } } }`;

const G = A.fieldTeamGroup;
const P = A.parksMap;

const SLOTS: Slot[] = [
  // ArcGIS (shareItem.itemId is abuse.test.ts's)
  { name: 'shareItem.owner', backend: 'arcgis', query: SHARE_ITEM, valid: 'alice', inPath: true, vars: (v) => ({ input: { itemId: P, owner: v, org: true } }) },
  {
    name: 'shareItem.groups[]',
    backend: 'arcgis',
    query: SHARE_ITEM,
    valid: G,
    inPath: true,
    max: 101,
    vars: (v) => ({ input: { itemId: P, owner: 'alice', groups: [v] } }),
    list: (l) => ({ input: { itemId: P, owner: 'alice', groups: l } }),
  },
  {
    name: 'shareItems.itemIds[]',
    backend: 'arcgis',
    query: SHARE_ITEMS,
    valid: P,
    inPath: false,
    max: 10_001,
    vars: (v) => ({ input: { itemIds: [A.trailsLayer, v], owner: 'alice', org: true } }),
    list: (l) => ({ input: { itemIds: l, owner: 'alice', org: true } }),
  },
  { name: 'shareItems.owner', backend: 'arcgis', query: SHARE_ITEMS, valid: 'alice', inPath: true, vars: (v) => ({ input: { itemIds: [P], owner: v, org: true } }) },
  {
    name: 'shareItems.groups[]',
    backend: 'arcgis',
    query: SHARE_ITEMS,
    valid: G,
    inPath: true,
    max: 1_001,
    vars: (v) => ({ input: { itemIds: [P], owner: 'alice', groups: [G, v] } }),
    list: (l) => ({ input: { itemIds: [P], owner: 'alice', groups: l } }),
  },
  {
    name: 'unshareItems.itemIds[]',
    backend: 'arcgis',
    query: UNSHARE_ITEMS,
    valid: P,
    inPath: false,
    max: 10_001,
    vars: (v) => ({ input: { itemIds: [v], owner: 'alice', groups: [G] } }),
    list: (l) => ({ input: { itemIds: l, owner: 'alice', groups: [G] } }),
  },
  { name: 'unshareItems.owner', backend: 'arcgis', query: UNSHARE_ITEMS, valid: 'alice', inPath: true, vars: (v) => ({ input: { itemIds: [P], owner: v, withdrawPublic: true } }) },
  {
    name: 'unshareItems.groups[]',
    backend: 'arcgis',
    query: UNSHARE_ITEMS,
    valid: G,
    inPath: true,
    max: 1_001,
    vars: (v) => ({ input: { itemIds: [P], owner: 'alice', groups: [v] } }),
    list: (l) => ({ input: { itemIds: [P], owner: 'alice', groups: l } }),
  },
  { name: 'itemAccess.itemIds[]', backend: 'arcgis', query: ITEM_ACCESS, valid: P, inPath: true, max: 10_001, vars: (v) => ({ ids: [P, v] }), list: (l) => ({ ids: l }) },
  { name: 'groups.ids[]', backend: 'arcgis', query: GROUPS, valid: G, inPath: true, max: 1_001, vars: (v) => ({ ids: [v] }), list: (l) => ({ ids: l }) },
  // OCM
  ...folderSlots('ocm', 'OCM', O.projectFolderId, O.bobId, { inPathRecipient: false }),
  // ONLYOFFICE: recipient ids are looked up as `people/{id}` and `group/{id}`
  ...folderSlots('onlyoffice', 'ONLYOFFICE', X.myFolderId, X.carolId, { inPathRecipient: true }),
];

function folderSlots(backend: BackendKey, enumValue: string, folder: string, recipient: string, opts: { inPathRecipient: boolean }): Slot[] {
  const share = (folderId: unknown, recipients: unknown[]) => ({ input: { backend: enumValue, folderId, recipients } });
  const revoke = (folderId: unknown, recipientIds: unknown[]) => ({ input: { backend: enumValue, folderId, recipientIds } });
  return [
    { name: `shareFolder(${enumValue}).folderId`, backend, query: SHARE_FOLDER, valid: folder, inPath: true, vars: (v) => share(v, [{ id: recipient, role: 'VIEWER' }]) },
    {
      name: `shareFolder(${enumValue}).recipients[].id`,
      backend,
      query: SHARE_FOLDER,
      valid: recipient,
      inPath: opts.inPathRecipient,
      max: 1_001,
      vars: (v) => share(folder, [{ id: v, role: 'VIEWER' }]),
      list: (l) =>
        share(
          folder,
          l.map((id) => ({ id, role: 'VIEWER' })),
        ),
    },
    { name: `revokeFolderShares(${enumValue}).folderId`, backend, query: REVOKE, valid: folder, inPath: true, vars: (v) => revoke(v, [recipient]) },
    {
      name: `revokeFolderShares(${enumValue}).recipientIds[]`,
      backend,
      query: REVOKE,
      valid: recipient,
      inPath: opts.inPathRecipient,
      max: 1_001,
      vars: (v) => revoke(folder, [v]),
      list: (l) => revoke(folder, l),
    },
    { name: `folderAccess(${enumValue}).folderId`, backend, query: FOLDER_ACCESS, valid: folder, inPath: true, vars: (v) => ({ backend: enumValue, folderId: v }) },
  ];
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());
afterEach(() => {
  // The rule of this file: nothing ever reaches a simulator outside its route templates.
  const strays = (['arcgis', 'ocm', 'onlyoffice'] as const).flatMap((b) => h.sims[b].sim.log.filter((r) => r.route === null).map((r) => `${b} ${r.method} ${r.url}`));
  expect(strays).toEqual([]);
});

interface Outcome {
  status: number;
  codes: Array<string | undefined>;
  hasData: boolean;
}

/** Sends variables as JSON text; `raw` swaps quoted placeholders for bare tokens (1e309, -0) JSON.stringify cannot write. */
async function send(query: string, variables: Record<string, unknown>, raw: Record<string, string> = {}): Promise<Outcome> {
  let body = JSON.stringify({ query, variables });
  for (const [placeholder, token] of Object.entries(raw)) body = body.split(JSON.stringify(placeholder)).join(token);
  const res = await request(h.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-arcgis-token': A.aliceToken,
      'x-ocm-authorization': O.bearer,
      'x-onlyoffice-authorization': X.token,
    },
    body,
  });
  const parsed = (await res.body.json()) as GqlBody;
  return { status: res.statusCode, codes: (parsed.errors ?? []).map((e) => e.extensions?.code), hasData: parsed.data != null };
}

/** Path parameters of a logged request, decoded, by matching its path against its route template. */
function params(r: LoggedRequest): string[] {
  if (r.route === null) return [];
  const template = r.route.split('/');
  const parts = r.path.split('/');
  return template.flatMap((t, i) => (t.startsWith(':') ? [decodeURIComponent(parts[i] ?? '')] : []));
}

/** Codes a backend's own verdict on an accepted id can bring back (a read fails as a whole with them). */
const UPSTREAM_VERDICTS = new Set(['NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST']);

/** Forgets what the simulators saw, keeping their state (a full reset reloads every seed, which is slow in a loop). */
function clearLogs(): void {
  for (const b of ['arcgis', 'ocm', 'onlyoffice'] as const) h.sims[b].sim.clearLog();
}

const logOf = (b: BackendKey) => h.sims[b].sim.log;
const upstreamTotal = () => h.upstreamCount();

/**
 * The verdict on one value: refused before anything was sent, or carried
 * intact as one segment. Returns a description of what went wrong, or null.
 */
function judge(slot: Slot, value: unknown, out: Outcome, raw: Record<string, string>): string | null {
  if (out.status >= 500) return `HTTP ${out.status}`;
  if (out.codes.includes('INTERNAL_SERVER_ERROR')) return 'INTERNAL_SERVER_ERROR';
  const refusedByValidation = out.codes[0] === 'BAD_USER_INPUT';
  // A variable that cannot be coerced (1e309 where an ID is expected, null in [ID!]) fails before execution with HTTP 400.
  const refusedByGraphQL = out.status === 400 && out.codes.length > 0 && !out.hasData;
  if (refusedByValidation || refusedByGraphQL) return upstreamTotal() === 0 ? null : `refused but ${upstreamTotal()} upstream calls made`;
  // Accepted and judged by the backend: a read's failure comes back as its ShareErrorCode.
  const unexpected = out.codes.filter((c) => !UPSTREAM_VERDICTS.has(c ?? ''));
  if (unexpected.length > 0) return `unexpected codes ${unexpected.join(',')}`;
  // Accepted: it must have travelled whole, as one segment.
  const log = logOf(slot.backend);
  if (slot.inPath && typeof value === 'string' && !(value in raw) && log.length > 0 && !log.some((r) => params(r).includes(value))) {
    return `accepted, but no request carried it as one segment: ${log.map((r) => r.path).join(' ')}`;
  }
  return null;
}

async function check(slot: Slot, values: readonly unknown[], raw: Record<string, string> = {}): Promise<void> {
  const failures: string[] = [];
  for (const value of values) {
    clearLogs();
    const out = await send(slot.query, slot.vars(value), raw);
    const verdict = judge(slot, value, out, raw);
    if (verdict) failures.push(`${JSON.stringify(typeof value === 'string' ? value.slice(0, 60) : value)}: ${verdict}`);
  }
  expect(failures).toEqual([]);
}

describe.each(SLOTS.map((s) => [s.name, s] as const))('%s', (_name, slot) => {
  it('every hostile string is refused, or travels as one intact segment', () => check(slot, [...HOSTILE_STRINGS, ...withValid(slot.valid)]));

  it('wrong types are refused before anything is sent', () => check(slot, WRONG_TYPES));

  it('numbers JSON.stringify cannot write (1e309, -0, 1e-400, huge integers) are refused or travel whole', () => check(slot, Object.keys(RAW_NUMBERS), RAW_NUMBERS));

  if (slot.list) {
    const list = slot.list;
    const valid = slot.valid;
    it(`lists: over the maximum, null inside, duplicates (any case) are refused with nothing sent`, async () => {
      const over = Array.from({ length: slot.max! }, (_, i) =>
        slot.backend === 'arcgis' ? hexId('9a', i + 1) : slot.backend === 'ocm' ? `U${String(i).padStart(8, '0')}` : `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      );
      const cases: unknown[][] = [over, [valid, null], [null], [valid, valid], [valid, valid.toUpperCase() === valid ? valid.toLowerCase() : valid.toUpperCase()], []];
      const failures: string[] = [];
      for (const entries of cases) {
        clearLogs();
        const out = await send(slot.query, list(entries));
        const refused = out.codes[0] === 'BAD_USER_INPUT' || (out.status === 400 && out.codes.length > 0);
        // OCM ids are opaque and case-sensitive: two spellings are two users, and may be sent.
        const caseVariant = entries.length === 2 && entries[0] !== entries[1] && String(entries[0]).toLowerCase() === String(entries[1]).toLowerCase();
        if (caseVariant && slot.backend === 'ocm') continue;
        if (!refused || upstreamTotal() !== 0)
          failures.push(`${entries.length} entries starting ${JSON.stringify(entries.slice(0, 2))}: codes ${out.codes.join(',')}, ${upstreamTotal()} upstream calls`);
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('legitimate but unusual ids travel as one segment', () => {
  it.each<[string, Slot | undefined, string]>([
    ['an owner with @ and dots', SLOTS.find((s) => s.name === 'shareItem.owner'), 'first.last@example.com'],
    ['an owner that is only @ and a host', SLOTS.find((s) => s.name === 'shareItems.owner'), '@evil.example'],
    ['an owner with dots inside', SLOTS.find((s) => s.name === 'unshareItems.owner'), 'a..b'],
    ['OCM self', SLOTS.find((s) => s.name === 'folderAccess(OCM).folderId'), 'self'],
    ['an OCM id of dashes', SLOTS.find((s) => s.name === 'folderAccess(OCM).folderId'), '--_'],
    ['an ONLYOFFICE third-party id with =', SLOTS.find((s) => s.name === 'folderAccess(ONLYOFFICE).folderId'), 'box-12-a=b_c-d'],
    ['an ONLYOFFICE 18-digit folder id', SLOTS.find((s) => s.name === 'shareFolder(ONLYOFFICE).folderId'), '999999999999999999'],
    ['an unknown ONLYOFFICE recipient GUID', SLOTS.find((s) => s.name === 'shareFolder(ONLYOFFICE).recipients[].id'), '0badc0de-0000-4000-8000-0000000000ff'],
  ])('%s', async (_label, slot, value) => {
    const out = await send(slot!.query, slot!.vars(value));
    expect(out.status).toBe(200);
    expect(out.codes.filter((c) => c !== 'NOT_FOUND' && c !== 'FORBIDDEN')).toEqual([]);
    const log = logOf(slot!.backend);
    expect(log.length).toBeGreaterThan(0);
    expect(log.some((r) => params(r).includes(value))).toBe(true);
    for (const r of log) expect(r.path.split('/').length).toBe(r.route!.split('/').length);
  });
});
