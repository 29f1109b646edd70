/**
 * The latency table: each scenario run by one caller, one operation at a
 * time, against simulators that hold every answer for `latencyMs` (bench/sims.ts
 * sets each simulator's latency option from BENCH_LATENCY_MS). Per scenario:
 * the p50 wall time, the upstream calls per operation (read from the
 * simulators' counters around each operation), and the critical path, p50
 * divided by the latency: how many backend round trips the caller waited for
 * one after the other. Real backends are 50 to 300 ms away; there the critical
 * path decides what a user waits, and CPU hardly counts.
 *
 * Every scenario names the fewest round trips the backend's API allows for
 * it (and how), and the issue's target where it sets one. The smoke run checks
 * the call counts only: timing is never asserted.
 */
import { request } from 'undici';
import type { RequestSpec } from './load';
import { ARCGIS_HEADERS, D, TWO_GROUPS, gql, shareItemSpec } from './harness';
import type { GqlData, SimUrls } from './harness';
import { ocmBenchUser, onlyofficeBenchUser } from './sims';
import { hexId } from '../src/simulators/arcgis/seed';
import { OCM_DEMO } from '../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO } from '../src/simulators/onlyoffice/seed';

/** Calls per operation, by `backend METHOD route`. */
export type Calls = Record<string, number>;

export interface LatencyScenario {
  name: string;
  /** What the operation is, for the table. */
  what: string;
  spec: RequestSpec;
  /** The issue's "at most" in round trips, where it sets one. */
  target: number | null;
  /** The fewest sequential round trips the backend's API allows, and how. */
  minimum: { roundTrips: number; how: string };
  /** Problems with one operation's upstream calls (the smoke run fails on any). */
  checkCalls(calls: Calls): string[];
}

export interface LatencyRow {
  name: string;
  what: string;
  latencyMs: number;
  ops: number;
  failures: number;
  p50Ms: number;
  /** p50 / latency: the sequential round trips, the gateway's own time included. */
  criticalPath: number;
  /** p50 of the same operation against simulators with no latency: the gateway's (and simulators') own time. */
  ownMs: number;
  /** (p50 - own time) / latency: the sequential round trips alone; `met` is judged on this, rounded. */
  roundTrips: number;
  /** Upstream calls of the median operation, and every operation's total (they should all agree). */
  upstreamPerOp: number;
  upstreamTotals: number[];
  callsByRoute: Calls;
  target: number | null;
  met: boolean | null;
  minimum: { roundTrips: number; how: string };
  callProblems: string[];
}

// ---- counting calls ------------------------------------------------------------------------------

async function counts(sims: SimUrls): Promise<Calls> {
  const all: Calls = {};
  for (const [name, url] of [
    ['arcgis', sims.arcgis],
    ['ocm', sims.ocm],
    ['onlyoffice', sims.onlyoffice],
  ] as const) {
    const res = await request(`${url}/__sim/counts`);
    for (const [route, n] of Object.entries((await res.body.json()) as Calls)) all[`${name} ${route}`] = n;
  }
  return all;
}

function diff(before: Calls, after: Calls): Calls {
  const out: Calls = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

const total = (c: Calls) => Object.values(c).reduce((a, b) => a + b, 0);

/** Calls whose key matches `route`. */
export const callsTo = (c: Calls, route: RegExp) =>
  Object.entries(c)
    .filter(([k]) => route.test(k))
    .reduce((a, [, v]) => a + v, 0);

/** A problem unless exactly `expected` calls matched `route`. */
function exactly(c: Calls, label: string, route: RegExp, expected: number): string[] {
  const n = callsTo(c, route);
  return n === expected ? [] : [`${label}: ${n} calls, expected ${expected}`];
}

/** A problem when more than `max` calls matched `route`. */
function atMost(c: Calls, label: string, route: RegExp, max: number): string[] {
  const n = callsTo(c, route);
  return n <= max ? [] : [`${label}: ${n} calls, expected at most ${max}`];
}

/** A problem when calls outside `allowed` were made. */
function nothingElse(c: Calls, allowed: RegExp[]): string[] {
  const other = Object.keys(c).filter((k) => !allowed.some((r) => r.test(k)));
  return other.length === 0 ? [] : [`unexpected calls: ${other.map((k) => `${k} x${c[k]}`).join(', ')}`];
}

// ---- the scenarios ---------------------------------------------------------------------------------

const R = {
  self: /^arcgis GET .*\/community\/self$/,
  user: /^arcgis GET .*\/community\/users\/:username$/,
  groupSearch: /^arcgis (GET|POST) .*\/community\/groups$/,
  groupGet: /^arcgis (GET|POST) .*\/community\/groups\/:id$/,
  groupContentSearch: /^arcgis (GET|POST) .*\/content\/groups\/:groupId\/search$/,
  item: /^arcgis (GET|POST) .*\/content\/items\/:id$/,
  itemSearch: /^arcgis (GET|POST) .*\/search$/,
  itemGroups: /^arcgis (GET|POST) .*\/content\/items\/:id\/groups$/,
  share: /^arcgis POST .*\/items\/:id\/share$/,
  shareItems: /^arcgis POST .*\/shareItems$/,
  ocmSharePost: /^ocm POST .*\/shares\/:folderId$/,
  ocmWrites: /^ocm (POST .*\/shares\/:folderId|PUT .*\/shares\/:folderId\/role)$/,
  ocm: /^ocm /,
  ocmLookUps: /^ocm GET .*\/users\/items$/,
  onlyofficePut: /^onlyoffice PUT /,
  onlyofficeLookUps: /^onlyoffice GET .*\/(people|group)\b/,
  onlyoffice: /^onlyoffice /,
};

const SHARE_ITEM_PLAIN = `mutation ShareItem($input: ShareItemInput!) { shareItem(input: $input) { itemId success notSharedWith { id title } error { code } } }`;
const SHARE_ITEMS = `mutation ShareItems($input: ShareItemsInput!) { shareItems(input: $input) { results { itemId success notSharedWith { id title } error { code } } } }`;
const SHARE_FOLDER = `mutation ShareFolder($input: ShareFolderInput!) { shareFolder(input: $input) { results { recipientId success recipient { displayName } error { code } } } }`;
const FOLDER_ACCESS = `query FolderAccess($backend: FolderBackend!, $folderId: ID!) { folderAccess(backend: $backend, folderId: $folderId) { grants { principal { id displayName } role locked isOwner } } }`;
const ITEM_ACCESS = `query ItemAccess($ids: [ID!]!) { itemAccess(itemIds: $ids) { itemId level groups { id title } } }`;

const bulkItems = (n: number) => Array.from({ length: n }, (_, i) => hexId('ba', i + 1));
/** 9 groups the owner (Alice) belongs to and Finance, which she does not: every item comes back with Finance in notSharedWith. */
const TEN_GROUPS = [...Array.from({ length: 9 }, (_, i) => hexId('9a', i + 1)), D.financeGroup];
const TWENTY_GROUPS = Array.from({ length: 20 }, (_, i) => hexId('9a', i + 1));

function shareItemsSpec(items: number, groups: string[]): RequestSpec {
  return gql(
    SHARE_ITEMS,
    { input: { itemIds: bulkItems(items), owner: 'alice', groups } },
    ARCGIS_HEADERS,
    (d) => d.shareItems.results.length === items && d.shareItems.results.every((r) => r.success && r.error === null),
  );
}

const everyRecipient = (n: number) => (d: GqlData) => d.shareFolder.results.length === n && d.shareFolder.results.every((r) => r.success && r.recipient?.displayName);

export const RECIPIENTS = 20;
/** Half the recipients VIEWER, half CONTRIBUTOR (`flip`: the other way round). */
const twoRoles = (id: (n: number) => string, flip = false) => Array.from({ length: RECIPIENTS }, (_, i) => ({ id: id(i + 1), role: i < RECIPIENTS / 2 !== flip ? 'VIEWER' : 'CONTRIBUTOR' }));

/**
 * A request whose body alternates between two specs, one request to the
 * next. A share repeated as it is finds every recipient at its role and
 * (rightly) writes nothing; alternating the roles makes every operation
 * change all of them, so the write path is what is measured.
 */
function alternating(a: RequestSpec, b: RequestSpec): RequestSpec {
  let sent = 0;
  return {
    method: a.method,
    path: a.path,
    headers: a.headers,
    get body() {
      return (sent++ % 2 === 0 ? a : b).body;
    },
    check: (status, body) => a.check(status, body),
  };
}

export function latencyScenarios(): LatencyScenario[] {
  return [
    {
      name: 'shareItem',
      what: "shareItem, one item, two groups, owner named, confirmItemControl: true (the CPU table's operation)",
      spec: shareItemSpec,
      target: 2,
      minimum: {
        roundTrips: 2,
        how: "the ledger's reads of the item and its groups (the state before) in one wave, then the share POST; the caller's user name, which the ledger records, was learnt by the warm-up (kept by fingerprint), and the ledger's own write is local",
      },
      checkCalls: (c) => [...exactly(c, 'share', R.share, 1), ...exactly(c, 'item', R.item, 1), ...exactly(c, 'item groups', R.itemGroups, 1), ...nothingElse(c, [R.share, R.item, R.itemGroups])],
    },
    {
      name: 'shareItemChecked',
      what: 'shareItem, one item, two groups, no owner, no confirmItemControl (the pre-check runs)',
      spec: gql(SHARE_ITEM_PLAIN, { input: { itemId: D.parksMap, groups: TWO_GROUPS } }, ARCGIS_HEADERS, (d) => d.shareItem.success === true),
      target: 2,
      minimum: {
        roundTrips: 2,
        how: "the caller's user name (community/self: for the share URL and for the ledger), the group search of the item-control pre-check and the ledger's reads of the item and its groups together, then the share",
      },
      checkCalls: (c) => [
        ...exactly(c, 'self', R.self, 1),
        ...exactly(c, 'group search', R.groupSearch, 1),
        ...exactly(c, 'share', R.share, 1),
        ...exactly(c, 'item', R.item, 1),
        ...exactly(c, 'item groups', R.itemGroups, 1),
        ...nothingElse(c, [R.self, R.groupSearch, R.share, R.item, R.itemGroups]),
      ],
    },
    {
      name: 'shareItems300x10',
      what: "shareItems, 300 items x 10 groups (Finance not the owner's), asking notSharedWith { id title }",
      spec: shareItemsSpec(300, TEN_GROUPS),
      target: 4,
      minimum: {
        roundTrips: 3,
        how: "the group search (pre-check; it also gives the titles and the caller's membership), the caller's name and the ledger's item searches (in any and in all of the 10 groups, per 100 items) in one wave; the same searches without Finance, which the owner is not in (known only from the first wave), for the items in some of the groups; then the 3 chunk POSTs and the owner's groups (community/users/{owner}, for the already-shared check of Finance) in one wave. No share of Finance can be in place, so nothing else is read",
      },
      checkCalls: (c) => [
        ...exactly(c, 'group search', R.groupSearch, 1),
        ...exactly(c, 'self', R.self, 1),
        ...exactly(c, 'item searches', R.itemSearch, 12),
        ...exactly(c, 'shareItems chunks', R.shareItems, 3),
        ...exactly(c, "owner's groups", R.user, 1),
        ...exactly(c, 'item-groups reads', R.itemGroups, 0),
        ...exactly(c, 'group content searches', R.groupContentSearch, 0),
        ...nothingElse(c, [R.groupSearch, R.self, R.itemSearch, R.shareItems, R.user]),
      ],
    },
    {
      name: 'shareItems1000x20',
      what: "shareItems, 1,000 items x 20 groups (all the owner's), asking notSharedWith { id title }",
      spec: shareItemsSpec(1000, TWENTY_GROUPS),
      target: 4,
      minimum: {
        roundTrips: 2,
        how: "the group search (20 ids, one page), the caller's name and the ledger's 20 item searches (in any and in all of the groups, per 100 items) in one wave, then the 10 chunk POSTs of 100 items in one wave",
      },
      checkCalls: (c) => [
        ...exactly(c, 'group search', R.groupSearch, 1),
        ...exactly(c, 'self', R.self, 1),
        ...exactly(c, 'item searches', R.itemSearch, 20),
        ...exactly(c, 'shareItems chunks', R.shareItems, 10),
        ...nothingElse(c, [R.groupSearch, R.self, R.itemSearch, R.shareItems]),
      ],
    },
    {
      name: 'shareFolderOcm20',
      what: `shareFolder OCM, ${RECIPIENTS} recipients at two roles, asking recipient { displayName }`,
      spec: alternating(
        gql(
          SHARE_FOLDER,
          { input: { backend: 'OCM', folderId: OCM_DEMO.projectFolderId, recipients: twoRoles(ocmBenchUser) } },
          { 'x-ocm-authorization': OCM_DEMO.bearer },
          everyRecipient(RECIPIENTS),
        ),
        gql(
          SHARE_FOLDER,
          { input: { backend: 'OCM', folderId: OCM_DEMO.projectFolderId, recipients: twoRoles(ocmBenchUser, true) } },
          { 'x-ocm-authorization': OCM_DEMO.bearer },
          everyRecipient(RECIPIENTS),
        ),
      ),
      target: 3,
      minimum: { roundTrips: 1, how: 'Documents API 1.2 shares many users at one role per POST: one POST per role, both in one wave, names in the answers' },
      // Documents API 1.2: every operation changes all twenty roles (see alternating), one write per role; no look-ups.
      checkCalls: (c) => [...exactly(c, 'OCM share writes (POST or PUT /role)', R.ocmWrites, 2), ...exactly(c, 'OCM user look-ups', R.ocmLookUps, 0)],
    },
    {
      name: 'shareFolderOo20',
      what: `shareFolder ONLYOFFICE, ${RECIPIENTS} recipients, asking recipient { displayName }`,
      spec: gql(
        SHARE_FOLDER,
        { input: { backend: 'ONLYOFFICE', folderId: ONLYOFFICE_DEMO.myFolderId, recipients: Array.from({ length: RECIPIENTS }, (_, i) => ({ id: onlyofficeBenchUser(i + 1), role: 'VIEWER' })) } },
        { 'x-onlyoffice-authorization': ONLYOFFICE_DEMO.token },
        everyRecipient(RECIPIENTS),
      ),
      target: 2,
      minimum: { roundTrips: 1, how: 'one PUT files/folder/{id}/share with the whole share list; its answer is the new list, names included' },
      checkCalls: (c) => [...exactly(c, 'ONLYOFFICE share PUTs', R.onlyofficePut, 1), ...exactly(c, 'ONLYOFFICE look-ups', R.onlyofficeLookUps, 0)],
    },
    {
      name: 'folderAccessOcm',
      what: 'folderAccess on an OCM folder',
      spec: gql(FOLDER_ACCESS, { backend: 'OCM', folderId: OCM_DEMO.projectFolderId }, { 'x-ocm-authorization': OCM_DEMO.bearer }, (d) => d.folderAccess.grants.length > 0),
      target: 2,
      minimum: { roundTrips: 1, how: 'the share lists (GET shares/{id}/items, all and currentOnly, to tell inherited grants) and the folder (GET folders/{id}, for its owner), all three at once' },
      checkCalls: (c) => [...exactly(c, 'OCM look-ups', R.ocmLookUps, 0), ...atMost(c, 'OCM calls', R.ocm, 3)],
    },
    {
      name: 'folderAccessOo',
      what: 'folderAccess on an ONLYOFFICE folder',
      spec: gql(FOLDER_ACCESS, { backend: 'ONLYOFFICE', folderId: ONLYOFFICE_DEMO.myFolderId }, { 'x-onlyoffice-authorization': ONLYOFFICE_DEMO.token }, (d) => d.folderAccess.grants.length > 0),
      target: 2,
      minimum: {
        roundTrips: 2,
        how: "the folder's share list and the folder itself (for its parent) together, then the parent's share list (to tell inherited entries); names come with the lists",
      },
      checkCalls: (c) => [...exactly(c, 'ONLYOFFICE look-ups', R.onlyofficeLookUps, 0), ...atMost(c, 'ONLYOFFICE calls', R.onlyoffice, 3)],
    },
    {
      name: 'itemAccess50',
      what: "itemAccess of 50 items, with their groups' titles",
      spec: gql(ITEM_ACCESS, { ids: bulkItems(50) }, ARCGIS_HEADERS, (d) => d.itemAccess.length === 50 && d.itemAccess.every((a) => a !== null)),
      target: 4,
      minimum: {
        roundTrips: 1,
        how: "the portal has no batch read: 50 item GETs and 50 item-groups GETs, all at once; the groups' titles come with the item-groups answers. At FAN_OUT_CONCURRENCY c per loader it is ceil(50 / c)",
      },
      checkCalls: (c) => [...exactly(c, 'item GETs', R.item, 50), ...exactly(c, 'item-groups GETs', R.itemGroups, 50), ...nothingElse(c, [R.item, R.itemGroups])],
    },
  ];
}

// ---- running them -----------------------------------------------------------------------------------

async function once(origin: string, spec: RequestSpec): Promise<{ ms: number; ok: boolean }> {
  const t0 = process.hrtime.bigint();
  let ok = false;
  try {
    const res = await request(`${origin}${spec.path}`, { method: spec.method, headers: spec.headers, body: spec.body });
    ok = spec.check(res.statusCode, await res.body.text());
  } catch {
    ok = false;
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, ok };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface LatencyTarget {
  sims: SimUrls;
  /** The gateway in front of those simulators. */
  origin: string;
  latencyMs: number;
}

/**
 * Runs `scenario` `ops` times, one at a time, after one unmeasured warm-up
 * (which also puts each share in place, so that every measured operation meets
 * the same state), counting each operation's calls on its own.
 */
async function timeScenario(t: LatencyTarget, scenario: LatencyScenario, ops: number): Promise<{ times: number[]; totals: number[]; perOp: Calls[]; failures: number }> {
  const { sims, origin } = t;
  await once(origin, scenario.spec);
  const times: number[] = [];
  const totals: number[] = [];
  const perOp: Calls[] = [];
  let failures = 0;
  for (let i = 0; i < ops; i++) {
    const before = await counts(sims);
    const { ms, ok } = await once(origin, scenario.spec);
    const calls = diff(before, await counts(sims));
    if (!ok) failures++;
    times.push(ms);
    totals.push(total(calls));
    perOp.push(calls);
  }
  return { times, totals, perOp, failures };
}

/**
 * The scenario at latency (`at`) and, for the gateway's own time, against
 * simulators with none (`zero`); the calls are checked in both.
 */
export async function measureLatency(at: LatencyTarget, zero: LatencyTarget, scenario: LatencyScenario, ops: number): Promise<LatencyRow> {
  const latencyMs = at.latencyMs;
  const own = await timeScenario(zero, scenario, ops);
  const { times, totals, perOp, failures } = await timeScenario(at, scenario, ops);
  const p50 = median(times);
  const ownMs = median(own.times);
  const mid = perOp[[...totals.keys()].sort((a, b) => totals[a]! - totals[b]!)[Math.floor(ops / 2)]!]!;
  const criticalPath = p50 / latencyMs;
  const roundTrips = (p50 - ownMs) / latencyMs;
  const problems = [...new Set([...own.perOp, ...perOp].flatMap((c) => scenario.checkCalls(c)))];
  const row: LatencyRow = {
    name: scenario.name,
    what: scenario.what,
    latencyMs,
    ops,
    failures: failures + own.failures,
    p50Ms: p50,
    criticalPath,
    ownMs,
    roundTrips,
    upstreamPerOp: total(mid),
    upstreamTotals: totals,
    callsByRoute: mid,
    target: scenario.target,
    met: scenario.target === null ? null : Math.round(roundTrips) <= scenario.target,
    minimum: scenario.minimum,
    callProblems: problems,
  };
  console.log(
    `  ${scenario.name.padEnd(18)} p50 ${p50.toFixed(1).padStart(7)} ms (own ${ownMs.toFixed(1)} ms)  critical path ${criticalPath.toFixed(2)}, round trips ${roundTrips.toFixed(2)}  upstream/op ${row.upstreamPerOp}${new Set(totals).size > 1 ? ` (varied: ${totals.join(',')})` : ''}  fail ${row.failures}`,
  );
  return row;
}

export function printLatencyTable(rows: LatencyRow[]): void {
  const latency = rows[0]?.latencyMs ?? 0;
  console.log(`\nlatency table (${latency} ms on every backend answer, one caller, p50)`);
  console.log('scenario            p50 ms  own ms  p50/latency  round trips  minimum  target  met   upstream/op  calls (median op)');
  for (const r of rows) {
    const met = r.met === null ? '-' : r.met ? 'yes' : 'NO';
    const calls = Object.entries(r.callsByRoute)
      .map(([k, v]) => `${k.replace(/\/sharing\/rest|\/documents\/api|\/api\/2\.0/g, '')} x${v}`)
      .join(', ');
    console.log(
      `${r.name.padEnd(18)} ${r.p50Ms.toFixed(1).padStart(7)} ${r.ownMs.toFixed(1).padStart(7)} ${r.criticalPath.toFixed(2).padStart(12)} ${r.roundTrips.toFixed(2).padStart(12)} ${String(r.minimum.roundTrips).padStart(8)} ${String(r.target ?? '-').padStart(7)}  ${met.padEnd(4)} ${String(r.upstreamPerOp).padStart(11)}  ${calls}`,
    );
  }
}
