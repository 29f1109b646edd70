/**
 * OCM read-back is consistent (issue 21, point 9). 1.2 marks no share as
 * inherited, so the connector reads the members twice at once, direct only
 * (`currentOnly=true`) and all, and takes an entry only the full list has
 * for inherited. A share landing between the two reads was taken for an
 * inherited grant (4 in 231,000 results in an attack run): shown locked,
 * and its revoke refused. The simulator's hook stages that race exactly:
 * the direct read is answered, then Bob is shared directly on the folder,
 * then the full read is answered.
 */
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';

const V12_ITEMS = `/documents/api/1.2/shares/${O.subFolderId}/items`;

const ACCESS = `query($folderId: ID!) {
  folderAccess(backend: OCM, folderId: $folderId) { grants { principal { id } role locked } }
}`;
const REVOKE = `mutation($input: RevokeFolderSharesInput!) {
  revokeFolderShares(input: $input) { results { recipientId success change error { code } } }
}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const subFolder = () => h.sims.ocm.state.folders.get(O.subFolderId)!;
const itemReads = () => h.sims.ocm.sim.requests({ method: 'GET', route: /shares\/:folderId\/items/ });

/** Shares Bob directly on the subfolder after the direct read is answered and before the full read is. */
function bobSharedBetweenTheReads(): void {
  let written!: () => void;
  const write = new Promise<void>((resolve) => (written = resolve));
  h.sims.ocm.sim.hook({
    method: 'GET',
    path: V12_ITEMS,
    query: { currentOnly: 'true' },
    after: () => {
      h.sims.ocm.state.share(subFolder(), O.bobId, 'viewer');
      written();
    },
  });
  h.sims.ocm.sim.hook({ method: 'GET', path: V12_ITEMS, query: { currentOnly: 'false' }, before: () => write });
}

it('a direct grant made between the two reads is read as direct, not inherited', async () => {
  bobSharedBetweenTheReads();
  const res = await h.gql(ACCESS, { folderId: O.subFolderId });
  expect(res.errors).toBeUndefined();
  const grants = res.data!.folderAccess.grants as Array<{ principal: { id: string }; role: string; locked: boolean }>;
  expect(grants.find((g) => g.principal.id === O.bobId)).toEqual({ principal: { id: O.bobId }, role: 'VIEWER', locked: false });
  // Carol's access really is inherited (from the project folder), and still reads so.
  expect(grants.find((g) => g.principal.id === O.carolId)?.locked).toBe(true);
  // The direct read, the full read, and the second direct read that settled both.
  expect(
    itemReads()
      .map((r) => r.query.currentOnly)
      .sort(),
  ).toEqual(['false', 'true', 'true']);
});

it('revokes a direct grant made between the two reads instead of refusing it as inherited', async () => {
  bobSharedBetweenTheReads();
  const res = await h.gql(REVOKE, { input: { backend: 'OCM', folderId: O.subFolderId, recipientIds: [O.bobId, O.carolId] } });
  expect(res.errors).toBeUndefined();
  expect(res.data!.revokeFolderShares.results).toEqual([
    { recipientId: O.bobId, success: true, change: 'REVOKED', error: null },
    { recipientId: O.carolId, success: false, change: null, error: { code: 'FORBIDDEN' } },
  ]);
  const deletes = h.sims.ocm.sim.requests({ method: 'DELETE' });
  expect(deletes.map((d) => d.query.userID)).toEqual([O.bobId]);
  expect(subFolder().members.has(O.bobId)).toBe(false);
});

it('makes no second read when nothing looks inherited', async () => {
  const res = await h.gql(ACCESS, { folderId: O.projectFolderId });
  expect(res.errors).toBeUndefined();
  expect(
    h.sims.ocm.sim
      .requests({ method: 'GET' })
      .map((r) => r.query.currentOnly)
      .sort(),
  ).toEqual(['false', 'true']);
});
