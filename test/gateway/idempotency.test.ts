/**
 * Idempotency-Key over real HTTP against the simulators, on the embedded
 * SQLite ledger and on PostgreSQL: a mutation sent twice with one key is
 * done once and answered the same, a key reused for another body is refused
 * with nothing sent, a second request waits for the first, and keys are the
 * caller's own. (Two gateway processes on one PostgreSQL: idempotency-instances.test.ts.)
 */
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';
import { idempotencyCaller } from '../../src/http/idempotency';
import { hashRequest } from '../../src/ledger';
import { DEMO_HEADERS, startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { metric, scrape } from '../helpers/metrics';
import type { StoreLocation } from '../ledger/engines';
import { BOB_HEADERS, SHARE_FOLDER, ledgerEngines, postRaw, upstreamWrites } from '../ledger/gateway-kit';

const ENGINES = ledgerEngines('the idempotency suite');

const share = (recipientId: string, role = 'VIEWER') => ({ query: SHARE_FOLDER, variables: { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: recipientId, role }] } } });
const ITEM_ACCESS = 'query Access($ids: [ID!]!) { itemAccess(itemIds: $ids) { itemId level } }';

describe.each(ENGINES)('Idempotency-Key on the $name ledger', (engine) => {
  let location: StoreLocation;
  let h: Harness;

  beforeAll(async () => {
    location = await engine.fresh();
    h = await startHarness({ ledger: location.env });
  });
  afterAll(async () => {
    await h?.close();
    await location?.dispose();
  });
  beforeEach(() => h.reset());

  const send = (body: unknown, key: string, headers: Record<string, string> = DEMO_HEADERS) => postRaw(h.url, body, { ...headers, 'idempotency-key': key });
  const ocmPosts = () => h.sims.ocm.sim.requests({ method: 'POST' }).length;

  it('answers the same key and body again from the record, with Idempotent-Replayed, sending nothing upstream', async () => {
    const operations = await location.count('ledger_operation');
    const first = await send(share(O.bobId), 'key-replay-1');
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.body.data!.shareFolder.results[0]).toMatchObject({ success: true, change: 'GRANTED' });
    expect(ocmPosts()).toBe(1);
    h.sims.ocm.sim.clearLog();

    const again = await send(share(O.bobId), 'key-replay-1');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.text).toBe(first.text);
    expect(h.upstreamCount()).toBe(0);
    expect(await location.count('ledger_operation')).toBe(operations + 1);
    expect(metric(await scrape(h.url), 'gateway_idempotent_replays_total')).toBe(1);

    // The same variables in another key order are the same request.
    const { query, variables } = share(O.bobId);
    const reordered = { variables: { input: { recipients: variables.input.recipients, folderId: variables.input.folderId, backend: 'OCM' } }, query };
    const third = await send(reordered, 'key-replay-1');
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.text).toBe(first.text);
    expect(h.upstreamCount()).toBe(0);
  });

  it('refuses the same key with another body with IDEMPOTENCY_KEY_REUSED (HTTP 422), sending nothing', async () => {
    await send(share(O.bobId), 'key-reused-1');
    h.reset();
    const other = await send(share(O.daveId), 'key-reused-1');
    expect(other.status).toBe(422);
    expect(other.body.errors![0]!.extensions!.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.body.data).toBeUndefined();
    expect(h.upstreamCount()).toBe(0);
    expect(h.sims.ocm.state.folders.get(O.projectFolderId)!.members.has(O.daveId)).toBe(false);
  });

  it("keeps each caller's keys apart", async () => {
    const alice = await send(share(O.bobId), 'key-shared-name');
    const bob = await send(
      { query: SHARE_FOLDER, variables: { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.carolId, role: 'VIEWER' }] } } },
      'key-shared-name',
      BOB_HEADERS,
    );
    expect(alice.status).toBe(200);
    expect(bob.status).toBe(200);
    expect(bob.headers['idempotent-replayed']).toBeUndefined();
    expect(upstreamWrites(h)).toBe(2);
  });

  it('makes a second request with the key of one still running wait for it, then answers it the same', async () => {
    h.sims.ocm.sim.inject({ kind: 'delay', ms: 700, method: 'POST' });
    const [a, b] = await Promise.all([send(share(O.daveId), 'key-concurrent-1'), send(share(O.daveId), 'key-concurrent-1')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.text).toBe(b.text);
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter((v) => v === 'true')).toHaveLength(1);
    expect(ocmPosts()).toBe(1);
    expect(a.body.data!.shareFolder.results[0]).toMatchObject({ success: true, change: 'GRANTED' });
  });

  it('refuses a key that is not 1 to 200 printable characters with BAD_USER_INPUT (HTTP 400), sending nothing', async () => {
    for (const key of ['x'.repeat(201), 'tab\tin-it', 'ünïcode']) {
      const res = await send(share(O.bobId), key);
      expect(res.status).toBe(400);
      expect(res.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    }
    expect(h.upstreamCount()).toBe(0);
    expect((await send(share(O.bobId), 'k'.repeat(200))).status).toBe(200);
  });

  it('lets a query through as if the key were not there', async () => {
    const body = { query: ITEM_ACCESS, variables: { ids: [A.parksMap] } };
    const first = await send(body, 'key-on-a-query');
    const again = await send(body, 'key-on-a-query');
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(h.sims.arcgis.sim.requests({ method: 'GET', route: /\/content\/items\/:id$/ })).toHaveLength(2);
  });
});

describe.each(ENGINES)('an Idempotency-Key that cannot be settled, on $name', (engine) => {
  let location: StoreLocation;
  let h: Harness;

  beforeAll(async () => {
    location = await engine.fresh();
    h = await startHarness({ ledger: location.env, env: { OPERATION_DEADLINE_MS: '300' } });
  });
  afterAll(async () => {
    await h?.close();
    await location?.dispose();
  });
  beforeEach(() => h.reset());

  it('answers IDEMPOTENCY_KEY_IN_USE (HTTP 409) once the first request has run past OPERATION_DEADLINE_MS, sending nothing', async () => {
    const body = share(O.bobId);
    const request = { caller: idempotencyCaller(DEMO_HEADERS, h.ledger!), key: 'key-held-elsewhere', requestHash: hashRequest(body) };
    const claim = await h.ledger!.claimIdempotencyKey(request);
    expect(claim.outcome).toBe('claimed');
    const res = await postRaw(h.url, body, { ...DEMO_HEADERS, 'idempotency-key': 'key-held-elsewhere' });
    expect(res.status).toBe(409);
    expect(res.body.errors![0]!.extensions!.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(h.upstreamCount()).toBe(0);
  });

  it('answers LEDGER_UNAVAILABLE (HTTP 503) when the store cannot be asked, sending nothing', async () => {
    await location.run('drop table ledger_idempotency');
    const res = await postRaw(h.url, share(O.daveId), { ...DEMO_HEADERS, 'idempotency-key': 'key-no-store' });
    expect(res.status).toBe(503);
    expect(res.body.errors![0]!.extensions!.code).toBe('LEDGER_UNAVAILABLE');
    expect(h.upstreamCount()).toBe(0);
    // Without the header the mutation still goes through.
    const plain = await postRaw(h.url, share(O.daveId), DEMO_HEADERS);
    expect(plain.body.data!.shareFolder.results[0]).toMatchObject({ success: true });
  });
});

describe('LEDGER=off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { LEDGER: 'off' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('ignores the header: each request is done', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await postRaw(h.url, share(O.bobId, i === 0 ? 'VIEWER' : 'MANAGER'), { ...DEMO_HEADERS, 'idempotency-key': 'key-without-ledger' });
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(res.body.data!.shareFolder.results[0]!.success).toBe(true);
    }
    expect(h.sims.ocm.state.folders.get(O.projectFolderId)!.members.get(O.bobId)).toBe('manager');
  });
});
