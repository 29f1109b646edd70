/**
 * Query.capabilities over real HTTP: what each backend supports, and that
 * what it says is what the gateway enforces and sends. The roles come from
 * src/roles.ts, the same table as UNSUPPORTED_ROLE; the limits from the
 * validation modules, the same constants as BAD_USER_INPUT.
 */
import { GraphQLEnumType } from 'graphql';
import { startHarness, firstCode } from '../helpers/harness';
import type { BackendCapabilities as Capability, Harness } from '../helpers/harness';
import { supportedRoles } from '../../src/roles';
import { buildSchema } from '../../src/server';
import { MAX_GROUPS, MAX_ITEMS } from '../../src/validation/arcgis';
import { MAX_RECIPIENTS } from '../../src/validation/folders';
import { ARCGIS_DEMO as A, hexId } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';

const CAPABILITIES = `{ capabilities { backend configured roles principals honoursNotify honoursMessage maxItems maxGroups maxRecipients } }`;

const SHARE_FOLDER = `mutation($input: ShareFolderInput!) { shareFolder(input: $input) { results { recipientId success error { code } } } }`;
const SHARE_ITEMS = `mutation($input: ShareItemsInput!) { shareItems(input: $input) { results { itemId success } } }`;
const UNSHARE_ITEMS = `mutation($input: UnshareItemsInput!) { unshareItems(input: $input) { results { itemId success } } }`;

/** A folder and a recipient each folder backend knows, for shares that should go through. */
const FOLDER = {
  OCM: { folderId: O.projectFolderId, recipient: O.bobId, fakeRecipient: (n: number) => `UFAKE${String(n).padStart(8, '0')}` },
  ONLYOFFICE: { folderId: OO.myFolderId, recipient: OO.carolId, fakeRecipient: (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` },
} as const;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

async function capabilities(harness = h, headers?: Record<string, string>): Promise<Capability[]> {
  const res = await harness.gql(CAPABILITIES, undefined, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.capabilities;
}

const of = (caps: Capability[], backend: Capability['backend']) => caps.find((c) => c.backend === backend)!;

describe('Query.capabilities', () => {
  it('describes each backend, in Backend order', async () => {
    expect(await capabilities()).toEqual([
      { backend: 'ARCGIS', configured: true, roles: [], principals: ['GROUPS', 'ORG', 'EVERYONE'], honoursNotify: false, honoursMessage: false, maxItems: 1000, maxGroups: 100, maxRecipients: null },
      {
        backend: 'OCM',
        configured: true,
        roles: ['VIEWER', 'DOWNLOADER', 'CONTRIBUTOR', 'MANAGER'],
        principals: ['USERS', 'GROUPS'],
        honoursNotify: false,
        honoursMessage: true,
        maxItems: null,
        maxGroups: null,
        maxRecipients: 1000,
      },
      {
        backend: 'ONLYOFFICE',
        configured: true,
        roles: ['VIEWER', 'CONTRIBUTOR', 'REVIEWER', 'COMMENTER', 'FORM_FILLER', 'CUSTOM_FILTER', 'DENIED', 'NONE'],
        principals: ['USERS', 'GROUPS'],
        honoursNotify: true,
        honoursMessage: true,
        maxItems: null,
        maxGroups: null,
        maxRecipients: 1000,
      },
    ]);
  });

  it('takes the folder roles from src/roles.ts and the limits from the validation modules', async () => {
    const caps = await capabilities();
    expect(of(caps, 'OCM').roles).toEqual(supportedRoles('OCM'));
    expect(of(caps, 'ONLYOFFICE').roles).toEqual(supportedRoles('ONLYOFFICE'));
    expect(of(caps, 'ARCGIS')).toMatchObject({ maxItems: MAX_ITEMS, maxGroups: MAX_GROUPS });
    expect(of(caps, 'OCM').maxRecipients).toBe(MAX_RECIPIENTS);
    expect(of(caps, 'ONLYOFFICE').maxRecipients).toBe(MAX_RECIPIENTS);
  });

  it('lists only roles the schema knows', async () => {
    const known = (buildSchema().getType('ShareRole') as GraphQLEnumType).getValues().map((v) => v.name);
    for (const c of await capabilities()) for (const role of c.roles) expect(known).toContain(role);
  });

  it('needs no credential and sends nothing upstream', async () => {
    const caps = await capabilities(h, {});
    expect(caps).toHaveLength(3);
    expect(h.upstreamCount()).toBe(0);
  });

  it.each(['ARCGIS_URL', 'OCM_URL', 'ONLYOFFICE_URL'] as const)('says configured: false for a backend without %s', async (name) => {
    const partial = await startHarness({ unconfigured: [name] });
    try {
      const caps = await capabilities(partial);
      expect(caps.map((c) => [c.backend, c.configured])).toEqual((['ARCGIS', 'OCM', 'ONLYOFFICE'] as const).map((b) => [b, `${b}_URL` !== name]));
    } finally {
      await partial.close();
    }
  });
});

describe('what capabilities says is what the gateway does', () => {
  const allRoles = (buildSchema().getType('ShareRole') as GraphQLEnumType).getValues().map((v) => v.name);

  describe.each(['OCM', 'ONLYOFFICE'] as const)('%s roles', (backend) => {
    it.each(allRoles)('%s: UNSUPPORTED_ROLE exactly when the role is not listed', async (role) => {
      const listed = of(await capabilities(), backend).roles.some((r) => r === role);
      const { folderId, recipient } = FOLDER[backend];
      const res = await h.gql(SHARE_FOLDER, { input: { backend, folderId, recipients: [{ id: recipient, role }], dryRun: true } });
      if (listed) {
        expect(res.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('UNSUPPORTED_ROLE');
      } else {
        expect(firstCode(res)).toBe('UNSUPPORTED_ROLE');
        expect(res.errors![0]!.extensions!.supportedRoles).toEqual(of(await capabilities(), backend).roles);
        expect(h.upstreamCount()).toBe(0);
      }
    });
  });

  it.each(['OCM', 'ONLYOFFICE'] as const)('%s: maxRecipients + 1 recipients is BAD_USER_INPUT, sending nothing', async (backend) => {
    const { folderId, fakeRecipient } = FOLDER[backend];
    const { maxRecipients } = of(await capabilities(), backend);
    const recipients = Array.from({ length: maxRecipients! + 1 }, (_, i) => ({ id: fakeRecipient(i), role: 'VIEWER' }));
    const res = await h.gql(SHARE_FOLDER, { input: { backend, folderId, recipients, dryRun: true } });
    expect(firstCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('input.recipients');
    expect(h.upstreamCount()).toBe(0);
    const atLimit = await h.gql(SHARE_FOLDER, { input: { backend, folderId, recipients: recipients.slice(1), dryRun: true } });
    expect(atLimit.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('BAD_USER_INPUT');
  });

  it('OCM: a group id in the 1.2 form (GS18003) passes validation, and GROUPS means a group really is shared', async () => {
    expect(of(await capabilities(), 'OCM').principals).toContain('GROUPS');
    const res = await h.gql(SHARE_FOLDER, { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.salesGroupId, role: 'VIEWER' }] } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.shareFolder.results).toEqual([{ recipientId: O.salesGroupId, success: true, error: null }]);
    expect(h.sims.ocm.state.folders.get(O.projectFolderId)!.members.get(O.salesGroupId)).toBe('viewer');
    const bad = await h.gql(SHARE_FOLDER, { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: 'GS 18003', role: 'VIEWER' }], dryRun: true } });
    expect(firstCode(bad)).toBe('BAD_USER_INPUT');
  });

  it('ArcGIS: maxGroups + 1 groups and maxItems + 1 items are BAD_USER_INPUT; maxItems items go through', async () => {
    const { maxItems, maxGroups } = of(await capabilities(), 'ARCGIS');
    const groups = Array.from({ length: maxGroups! + 1 }, (_, i) => hexId('9a', i + 1));
    const tooManyGroups = await h.gql(SHARE_ITEMS, { input: { itemIds: [A.parksMap], owner: 'alice', groups, confirmItemControl: true } });
    expect(firstCode(tooManyGroups)).toBe('BAD_USER_INPUT');
    expect(tooManyGroups.errors![0]!.extensions!.field).toBe('input.groups');
    const ids = Array.from({ length: maxItems! + 1 }, (_, i) => hexId('ba', i + 1));
    const tooManyItems = await h.gql(UNSHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [A.fieldTeamGroup] } });
    expect(firstCode(tooManyItems)).toBe('BAD_USER_INPUT');
    expect(tooManyItems.errors![0]!.extensions!.field).toBe('input.itemIds');
    expect(h.upstreamCount()).toBe(0);
    const atLimit = await h.gql(UNSHARE_ITEMS, { input: { itemIds: ids.slice(1), owner: 'alice', groups: groups.slice(1) } });
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data!.unshareItems.results).toHaveLength(maxItems!);
  });

  /** Bodies of every write the folder simulators saw, parsed. */
  const writes = () => [...h.sims.ocm.sim.log, ...h.sims.onlyoffice.sim.log].filter((r) => r.method !== 'GET' && r.body !== '').map((r) => JSON.parse(r.body) as Record<string, unknown>);

  it.each(['OCM', 'ONLYOFFICE'] as const)('%s: a message reaches the backend exactly when honoursMessage, notify exactly when honoursNotify', async (backend) => {
    const caps = of(await capabilities(), backend);
    const { folderId, recipient } = FOLDER[backend];
    const res = await h.gql(SHARE_FOLDER, { input: { backend, folderId, recipients: [{ id: recipient, role: 'CONTRIBUTOR' }], message: 'capabilities-check', notify: true } });
    expect(res.errors).toBeUndefined();
    const sent = writes();
    expect(sent.length).toBeGreaterThan(0);
    const carriesMessage = sent.some((b) => Object.values(b).includes('capabilities-check'));
    const carriesNotify = sent.some((b) => b.notify === true);
    expect(carriesMessage).toBe(caps.honoursMessage);
    expect(carriesNotify).toBe(caps.honoursNotify);
  });
});

describe('principalSearch is what Query.principals finds', () => {
  const PRINCIPAL_SEARCH = `{ capabilities { backend principalSearch } }`;
  const PICK = `query($backend: Backend!, $search: String!, $kinds: [PrincipalKind!]) { principals(backend: $backend, search: $search, kinds: $kinds) { id kind } }`;
  /** Per backend and kind, a name the seed has (OCM's Sales Group, ArcGIS's Field Team as a would-be user). */
  const FINDS = {
    ARCGIS: { USER: 'Field', GROUP: 'Field' },
    OCM: { USER: 'dave', GROUP: 'Sales' },
    ONLYOFFICE: { USER: 'car', GROUP: 'design' },
  } as const;

  async function principalSearch(): Promise<Record<string, string[]>> {
    const res = await h.gql<{ capabilities: Array<{ backend: string; principalSearch: string[] }> }>(PRINCIPAL_SEARCH);
    expect(res.errors).toBeUndefined();
    return Object.fromEntries(res.data!.capabilities.map((c) => [c.backend, c.principalSearch]));
  }

  it('lists groups for ArcGIS, users for OCM, both for ONLYOFFICE', async () => {
    expect(await principalSearch()).toEqual({ ARCGIS: ['GROUP'], OCM: ['USER'], ONLYOFFICE: ['USER', 'GROUP'] });
  });

  it.each((['ARCGIS', 'OCM', 'ONLYOFFICE'] as const).flatMap((b) => (['USER', 'GROUP'] as const).map((k): [typeof b, typeof k] => [b, k])))(
    '%s %s: found (and asked of the backend) exactly when listed',
    async (backend, kind) => {
      const listed = (await principalSearch())[backend]!.includes(kind);
      const res = await h.gql<{ principals: Array<{ kind: string }> }>(PICK, { backend, search: FINDS[backend][kind], kinds: [kind] });
      expect(res.errors).toBeUndefined();
      if (listed) {
        expect(res.data!.principals.length).toBeGreaterThan(0);
        expect(res.data!.principals.every((p) => p.kind === kind)).toBe(true);
        expect(h.upstreamCount()).toBeGreaterThan(0);
      } else {
        expect(res.data!.principals).toEqual([]);
        expect(h.upstreamCount()).toBe(0);
      }
    },
  );
});
