/**
 * Misuse of the folder operations, in the spirit of dataloader's
 * abuse.test.js: every bad input fails the whole operation with
 * BAD_USER_INPUT (or UNSUPPORTED_ROLE, UNAUTHENTICATED,
 * BACKEND_NOT_CONFIGURED), a message naming what is wrong, and not one
 * request upstream, read from the simulators' logs.
 */
import { DEMO_HEADERS, startHarness } from '../helpers/harness';
import type { GqlResult, Harness } from '../helpers/harness';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';

const SHARE = `mutation($input: ShareFolderInput!) { shareFolder(input: $input) { results { recipientId success change error { code } } } }`;
const REVOKE = `mutation($input: RevokeFolderSharesInput!) { revokeFolderShares(input: $input) { results { recipientId success change error { code } } } }`;
const ACCESS = `query($backend: FolderBackend!, $folderId: ID!) { folderAccess(backend: $backend, folderId: $folderId) { grants { role } } }`;

type Backend = 'OCM' | 'ONLYOFFICE';
type Op = 'shareFolder' | 'shareFolder (dry run)' | 'revokeFolderShares' | 'revokeFolderShares (dry run)';

const GOOD: Record<Backend, { folderId: string; recipient: string; other: string }> = {
  OCM: { folderId: O.projectFolderId, recipient: O.bobId, other: O.daveId },
  ONLYOFFICE: { folderId: OO.myFolderId, recipient: OO.carolId, other: OO.designGroupId },
};

const OPS: Op[] = ['shareFolder', 'shareFolder (dry run)', 'revokeFolderShares', 'revokeFolderShares (dry run)'];
const BACKENDS: Backend[] = ['OCM', 'ONLYOFFICE'];
const EVERY: Array<[Backend, Op]> = BACKENDS.flatMap((b) => OPS.map((op): [Backend, Op] => [b, op]));

interface Call {
  folderId?: string;
  ids?: string[];
  message?: string;
  roles?: string[];
}

/** The GraphQL call for one operation, with good defaults for whatever the case does not set. */
function request(backend: Backend, op: Op, call: Call = {}): [string, Record<string, unknown>] {
  const folderId = call.folderId ?? GOOD[backend].folderId;
  const ids = call.ids ?? [GOOD[backend].recipient];
  const dryRun = op.endsWith('(dry run)') ? { dryRun: true } : {};
  const message = call.message === undefined ? {} : { message: call.message };
  if (op.startsWith('shareFolder')) {
    const recipients = ids.map((id, i) => ({ id, role: call.roles?.[i] ?? 'VIEWER' }));
    return [SHARE, { input: { backend, folderId, recipients, ...message, ...dryRun } }];
  }
  return [REVOKE, { input: { backend, folderId, recipientIds: ids, ...message, ...dryRun } }];
}

/** What the recipients list is called in this operation's input, and one entry's id. */
function listField(op: Op): string {
  return op.startsWith('shareFolder') ? 'input.recipients' : 'input.recipientIds';
}
function itemField(op: Op, i: number): string {
  return op.startsWith('shareFolder') ? `input.recipients[${i}].id` : `input.recipientIds[${i}]`;
}

const ocmIds = (n: number) => Array.from({ length: n }, (_, i) => `U${String(i).padStart(4, '0')}`);
const guids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const manyIds = (backend: Backend, n: number) => (backend === 'OCM' ? ocmIds(n) : guids(n));

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

function expectRefused(res: GqlResult, code: string, field: string | RegExp, harness: Harness = h): void {
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect(error!.extensions?.code).toBe(code);
  if (typeof field === 'string') expect(error!.message).toContain(field);
  else expect(error!.message).toMatch(field);
  expect(res.data ?? null).toBeNull();
  expect(harness.upstreamCount()).toBe(0);
}

describe('sizes, duplicates and message length', () => {
  it.each(EVERY)('%s %s: an empty list of recipients', async (backend, op) => {
    const res = await h.gql(...request(backend, op, { ids: [] }));
    expectRefused(res, 'BAD_USER_INPUT', `${listField(op)}: must not be empty`);
  });

  it.each(EVERY)('%s %s: 1,001 recipients', async (backend, op) => {
    const res = await h.gql(...request(backend, op, { ids: manyIds(backend, 1001) }));
    expectRefused(res, 'BAD_USER_INPUT', `${listField(op)}: must have at most 1000 entries, got 1001`);
  });

  it.each(EVERY)('%s %s: a recipient listed twice', async (backend, op) => {
    const { recipient, other } = GOOD[backend];
    const res = await h.gql(...request(backend, op, { ids: [recipient, other, recipient] }));
    expectRefused(res, 'BAD_USER_INPUT', listField(op));
    expect(res.errors![0]!.message).toMatch(/more than once/);
    expect(res.errors![0]!.message).toContain(recipient);
  });

  it.each(OPS)('ONLYOFFICE %s: the same GUID in two cases is listed twice', async (op) => {
    const res = await h.gql(...request('ONLYOFFICE', op, { ids: [OO.bobId, OO.bobId.toUpperCase()] }));
    expectRefused(res, 'BAD_USER_INPUT', /more than once/);
  });

  it.each(EVERY)('%s %s: a message over 1,000 characters', async (backend, op) => {
    const res = await h.gql(...request(backend, op, { message: 'm'.repeat(1001) }));
    expectRefused(res, 'BAD_USER_INPUT', 'input.message: must be at most 1000 characters, got 1001');
  });

  it('accepts exactly 1,000 recipients and exactly 1,000 characters', async () => {
    const oo = await h.gql(...request('ONLYOFFICE', 'revokeFolderShares', { ids: guids(1000), message: 'm'.repeat(1000) }));
    expect(oo.errors).toBeUndefined();
    expect(oo.data!.revokeFolderShares.results).toHaveLength(1000);
    // None of them is a member: one read of the members, nothing written.
    const ocmRevoke = await h.gql(...request('OCM', 'revokeFolderShares', { ids: ocmIds(1000) }));
    expect(ocmRevoke.errors).toBeUndefined();
    expect(ocmRevoke.data!.revokeFolderShares.results.map((r) => r.change)).toEqual(Array(1000).fill('UNCHANGED'));
    expect(h.sims.ocm.sim.requests().map((r) => r.method)).toEqual(['GET', 'GET']);
    const ocm = await h.gql(...request('OCM', 'shareFolder', { ids: [O.bobId], message: 'm'.repeat(1000) }));
    expect(ocm.errors).toBeUndefined();
    expect(JSON.parse(h.sims.ocm.sim.requests({ method: 'POST', route: '/documents/api/1.2/shares/:folderId' })[0]!.body)).toMatchObject({ message: 'm'.repeat(1000) });
  });
});

describe('ids not of the backend form', () => {
  const BAD_FOLDERS: Record<Backend, string[]> = {
    OCM: ['', 'a'.repeat(129), 'F1 2', 'F1.2', 'élan', 'F1+2', '%41'],
    ONLYOFFICE: ['', 'self', '@my', '12a', '-1', '1.5', ' 1001', '1001 ', '１００１', '0x10', 'box-', 'box-x', 'ftp-12', '1'.repeat(19), OO.bobId],
  };
  const BAD_RECIPIENTS: Record<Backend, string[]> = {
    OCM: ['', 'a'.repeat(129), 'bob smith', 'bob@example.com', 'U1.2', 'é'],
    ONLYOFFICE: ['bob', '1001', `{${OO.bobId}}`, OO.bobId.replace(/-/g, ''), `${OO.bobId}0`, OO.bobId.replace('3f', 'g3')],
  };

  it.each(EVERY.flatMap(([b, op]) => BAD_FOLDERS[b].map((id): [Backend, Op, string] => [b, op, id])))('%s %s: folder id %j', async (backend, op, folderId) => {
    const res = await h.gql(...request(backend, op, { folderId }));
    expectRefused(res, 'BAD_USER_INPUT', 'input.folderId');
  });

  it.each(BACKENDS.flatMap((b) => BAD_FOLDERS[b].map((id): [Backend, string] => [b, id])))('%s folderAccess: folder id %j', async (backend, folderId) => {
    const res = await h.gql(ACCESS, { backend, folderId });
    expectRefused(res, 'BAD_USER_INPUT', 'folderId');
  });

  it.each(EVERY.flatMap(([b, op]) => BAD_RECIPIENTS[b].map((id): [Backend, Op, string] => [b, op, id])))('%s %s: recipient id %j', async (backend, op, id) => {
    const res = await h.gql(...request(backend, op, { ids: [GOOD[backend].recipient, id] }));
    expectRefused(res, 'BAD_USER_INPUT', `${itemField(op, 1)}:`);
  });

  it('accepts `self` and documented ids: OCM home folder, login names; ONLYOFFICE third-party folders and upper-case GUIDs', async () => {
    const ocm = await h.gql(...request('OCM', 'shareFolder', { folderId: 'self', ids: ['carol', O.daveId] }));
    expect(ocm.data!.shareFolder.results.map((r: { success: boolean }) => r.success)).toEqual([true, true]);
    expect(h.sims.ocm.state.folders.get(O.aliceHomeId)!.members.get(O.carolId)).toBe('viewer');
    const oo = await h.gql(...request('ONLYOFFICE', 'shareFolder', { folderId: OO.thirdPartyFolderId, ids: [OO.carolId.toUpperCase()] }));
    expect(oo.data!.shareFolder.results[0]!.success).toBe(true);
    const access = await h.gql(ACCESS, { backend: 'ONLYOFFICE', folderId: '01001' });
    expect(access.errors).toBeUndefined();
  });
});

describe('path traversal and header injection never reach an unexpected path', () => {
  const HOSTILE = ['../../x', 'a%2Fb', '..', '.', '%2e%2e', '%2E%2E%2Fx', 'a/b', '/x', 'x\r\nX-Evil: 1', 'x\nX-Evil: 1', 'a?b=c', 'a#b', 'x\u0000y', '..\\x'];

  /**
   * Either the gateway refuses the id before anything is sent, or every
   * request the simulators saw matched one of their routes.
   */
  function expectContained(res: GqlResult, field: string): void {
    if (res.errors) {
      expectRefused(res, 'BAD_USER_INPUT', field);
      return;
    }
    const all = [...h.sims.ocm.sim.log, ...h.sims.onlyoffice.sim.log, ...h.sims.arcgis.sim.log];
    for (const r of all) {
      expect(r.route).not.toBeNull();
      expect(r.headers['x-evil']).toBeUndefined();
    }
  }

  it.each(EVERY.flatMap(([b, op]) => HOSTILE.map((id): [Backend, Op, string] => [b, op, id])))('%s %s: folder id %j', async (backend, op, folderId) => {
    expectContained(await h.gql(...request(backend, op, { folderId })), 'input.folderId');
  });

  it.each(EVERY.flatMap(([b, op]) => HOSTILE.map((id): [Backend, Op, string] => [b, op, id])))('%s %s: recipient id %j', async (backend, op, id) => {
    expectContained(await h.gql(...request(backend, op, { ids: [id] })), itemField(op, 0));
  });

  it.each(BACKENDS.flatMap((b) => HOSTILE.map((id): [Backend, string] => [b, id])))('%s folderAccess: folder id %j', async (backend, folderId) => {
    expectContained(await h.gql(ACCESS, { backend, folderId }), 'folderId');
  });

  it('in this gateway every one of them is refused outright', async () => {
    for (const id of HOSTILE) {
      for (const backend of BACKENDS) {
        const res = await h.gql(ACCESS, { backend, folderId: id });
        expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    }
    expect(h.upstreamCount()).toBe(0);
  });
});

describe('roles the backend does not support', () => {
  const UNSUPPORTED: Record<Backend, string[]> = {
    OCM: ['REVIEWER', 'COMMENTER', 'FORM_FILLER', 'CUSTOM_FILTER', 'DENIED', 'NONE'],
    ONLYOFFICE: ['DOWNLOADER', 'MANAGER'],
  };
  const SUPPORTED: Record<Backend, string> = {
    OCM: 'VIEWER, DOWNLOADER, CONTRIBUTOR, MANAGER',
    ONLYOFFICE: 'VIEWER, CONTRIBUTOR, REVIEWER, COMMENTER, FORM_FILLER, CUSTOM_FILTER, DENIED, NONE',
  };

  it.each(BACKENDS.flatMap((b) => UNSUPPORTED[b].flatMap((role) => [false, true].map((dry): [Backend, string, boolean] => [b, role, dry]))))(
    '%s: role %s (dry run: %s) is UNSUPPORTED_ROLE naming recipient, role and supported roles',
    async (backend, role, dry) => {
      const { recipient, other } = GOOD[backend];
      const res = await h.gql(...request(backend, dry ? 'shareFolder (dry run)' : 'shareFolder', { ids: [recipient, other], roles: ['VIEWER', role] }));
      expectRefused(res, 'UNSUPPORTED_ROLE', other);
      const error = res.errors![0]!;
      expect(error.message).toContain(role);
      expect(error.message).toContain(SUPPORTED[backend]);
      expect(error.extensions).toMatchObject({ recipientId: other, role, supportedRoles: SUPPORTED[backend].split(', ') });
    },
  );
});

describe('credentials', () => {
  const HEADER: Record<Backend, string> = { OCM: 'x-ocm-authorization', ONLYOFFICE: 'x-onlyoffice-authorization' };
  const without = (backend: Backend, value?: string): Record<string, string> => {
    const headers: Record<string, string> = { ...DEMO_HEADERS };
    delete headers[HEADER[backend]];
    if (value !== undefined) headers[HEADER[backend]] = value;
    return headers;
  };

  it.each(EVERY)('%s %s: no credential header is UNAUTHENTICATED, nothing sent', async (backend, op) => {
    const [doc, variables] = request(backend, op);
    const res = await h.gql(doc, variables, without(backend));
    expectRefused(res, 'UNAUTHENTICATED', backend === 'OCM' ? 'X-OCM-Authorization' : 'X-ONLYOFFICE-Authorization');
  });

  it.each(BACKENDS)('%s folderAccess: no credential header is UNAUTHENTICATED, nothing sent', async (backend) => {
    const res = await h.gql(ACCESS, { backend, folderId: GOOD[backend].folderId }, without(backend));
    expectRefused(res, 'UNAUTHENTICATED', /credential/);
  });

  it.each(BACKENDS)("%s: a blank header, or only the other backend's, is no credential", async (backend) => {
    const [doc, variables] = request(backend, 'shareFolder');
    const blank = await h.gql(doc, variables, without(backend, '   '));
    expectRefused(blank, 'UNAUTHENTICATED', /credential/);
    const other: Backend = backend === 'OCM' ? 'ONLYOFFICE' : 'OCM';
    const onlyOther = await h.gql(doc, variables, { [HEADER[other]]: DEMO_HEADERS[HEADER[other] as keyof typeof DEMO_HEADERS] });
    expectRefused(onlyOther, 'UNAUTHENTICATED', /credential/);
  });
});

describe('a backend without a URL', () => {
  it.each(BACKENDS)('%s unconfigured: BACKEND_NOT_CONFIGURED for every folder operation, nothing sent, the other backend still works', async (backend) => {
    const partial = await startHarness({ unconfigured: [backend === 'OCM' ? 'OCM_URL' : 'ONLYOFFICE_URL'] });
    try {
      for (const op of OPS) {
        const res = await partial.gql(...request(backend, op));
        expectRefused(res, 'BACKEND_NOT_CONFIGURED', `${backend}_URL`, partial);
      }
      expectRefused(await partial.gql(ACCESS, { backend, folderId: GOOD[backend].folderId }), 'BACKEND_NOT_CONFIGURED', `${backend}_URL`, partial);
      const other: Backend = backend === 'OCM' ? 'ONLYOFFICE' : 'OCM';
      const ok = await partial.gql(...request(other, 'shareFolder'));
      expect(ok.data!.shareFolder.results[0]!.success).toBe(true);
    } finally {
      await partial.close();
    }
  });
});
