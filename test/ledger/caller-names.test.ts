/**
 * The ledger names an ArcGIS caller by its portal user name. It asks
 * `community/self` once per credential and keeps the answer by the
 * credential's keyed fingerprint (src/services/ledger/user-names.ts), so a
 * caller's next write is recorded under the same name without that call;
 * another credential is asked for its own.
 */
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ADMIN_TOKEN, SHARE_ITEM, operationById } from './gateway-kit';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ledger: true, env: { ADMIN_TOKEN } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const selfCalls = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/self' }).length;
/** A share that names its owner and needs no pre-check: the ledger is the only one to ask who the caller is. */
const share = (token: string) => h.gql(SHARE_ITEM, { input: { itemId: A.parksMap, owner: A.alice, groups: [A.fieldTeamGroup], confirmItemControl: true } }, { 'x-arcgis-token': token });

it('asks community/self once per credential, and records every write of it under the user name', async () => {
  const first = await share(A.aliceToken);
  expect(first.errors).toBeUndefined();
  expect(selfCalls()).toBe(1);
  const second = await share(A.aliceToken);
  expect(selfCalls()).toBe(1);
  for (const res of [first, second]) expect((await operationById(h, res.data!.shareItem.operationId!)).caller).toBe(A.alice);

  // Another credential is another caller: asked for its own name.
  const bob = await share(A.bobToken);
  expect(selfCalls()).toBe(2);
  expect((await operationById(h, bob.data!.shareItem.operationId!)).caller).toBe(A.bob);
});
