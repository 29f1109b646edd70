/**
 * The resilience settings: read from the environment, per backend where a
 * backend needs its own, and refused at start-up when they make no sense.
 */
import path from 'node:path';
import { runNode } from '../../src/dev/spawn';
import { ConfigError, loadConfig } from '../../src/config';
import { createConnectors } from '../../src/connectors';
import { applyHeapGrowth } from '../../src/main';

describe('upstream settings', () => {
  it('have the documented defaults, the same for every backend', () => {
    const c = loadConfig({});
    const expected = {
      connectTimeoutMs: 3000,
      headersTimeoutMs: 5000,
      bodyTimeoutMs: 10000,
      callDeadlineMs: 10000,
      operationDeadlineMs: 30000,
      connections: 50,
      maxResponseBytes: 5 * 1024 * 1024,
      maxAttempts: 3,
      maxInFlight: 100,
      maxQueued: 1000,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 2000,
      maxRetryAfterMs: 5000,
      retryBudgetRatio: 0.1,
      retryBudgetMinPerSec: 10,
      retryBudgetWindowMs: 10000,
      breakerConsecutiveFailures: 5,
      breakerFailureRatio: 0.5,
      breakerMinCalls: 10,
      breakerWindowMs: 10000,
      breakerHalfOpenAfterMs: 5000,
      breakerMaxHalfOpenAfterMs: 60000,
    };
    expect(c.upstream).toEqual(expected);
    expect(c.upstreamByBackend).toEqual({ ARCGIS: expected, OCM: expected, ONLYOFFICE: expected });
  });

  it("take a backend's own overrides over the shared values", () => {
    const c = loadConfig({
      UPSTREAM_HEADERS_TIMEOUT_MS: '4000',
      ARCGIS_UPSTREAM_HEADERS_TIMEOUT_MS: '8000',
      OCM_UPSTREAM_MAX_IN_FLIGHT: '20',
      ONLYOFFICE_UPSTREAM_BREAKER_FAILURE_PERCENT: '30',
      ARCGIS_URL: 'http://127.0.0.1:1/sharing/rest',
      OCM_URL: 'http://127.0.0.1:2',
    });
    expect(c.upstreamByBackend.ARCGIS.headersTimeoutMs).toBe(8000);
    expect(c.upstreamByBackend.OCM.headersTimeoutMs).toBe(4000);
    expect(c.upstreamByBackend.OCM.maxInFlight).toBe(20);
    expect(c.upstreamByBackend.ARCGIS.maxInFlight).toBe(100);
    expect(c.upstreamByBackend.ONLYOFFICE.breakerFailureRatio).toBe(0.3);
    // ...and each backend's client runs with its own.
    const connectors = createConnectors(c);
    expect(connectors.clients.ARCGIS!.settings.headersTimeoutMs).toBe(8000);
    expect(connectors.clients.OCM!.bulkhead.limit).toBe(20);
    void connectors.close();
  });

  it.each([
    ['UPSTREAM_MAX_ATTEMPTS', '0'],
    ['UPSTREAM_MAX_ATTEMPTS', '11'],
    ['UPSTREAM_RETRY_BUDGET_PERCENT', 'ten'],
    ['UPSTREAM_RETRY_BUDGET_PERCENT', '101'],
    ['UPSTREAM_BREAKER_FAILURE_PERCENT', '0'],
    ['UPSTREAM_BREAKER_FAILURE_PERCENT', '50.5'],
    ['UPSTREAM_BREAKER_CONSECUTIVE_FAILURES', '0'],
    ['UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS', '-1'],
    ['UPSTREAM_MAX_RETRY_AFTER_MS', '5s'],
    ['UPSTREAM_MAX_IN_FLIGHT', '0'],
    ['OCM_UPSTREAM_MAX_QUEUED', '-1'],
    ['ARCGIS_UPSTREAM_CALL_DEADLINE_MS', 'soon'],
  ])('refuse %s=%j, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('refuse a ceiling below its floor', () => {
    expect(() => loadConfig({ UPSTREAM_RETRY_BASE_DELAY_MS: '500', UPSTREAM_RETRY_MAX_DELAY_MS: '100' })).toThrow(/UPSTREAM_RETRY_MAX_DELAY_MS/);
    expect(() => loadConfig({ ONLYOFFICE_UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS: '90000' })).toThrow(/ONLYOFFICE_UPSTREAM_BREAKER_MAX_HALF_OPEN_AFTER_MS/);
  });

  it('stop `node dist/main.js` at start-up with the variable named', () => {
    const main = path.resolve(__dirname, '../../dist/main.js');
    const run = runNode([main], { env: { PATH: process.env.PATH, UPSTREAM_BREAKER_FAILURE_PERCENT: '0' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('UPSTREAM_BREAKER_FAILURE_PERCENT must be a whole number from 1 to 100');
  });
});

describe('HEAP_GROWING_PERCENT', () => {
  it('is 100 by default, 0 to leave V8 its own factor, and refused outside 0 to 1000, naming it', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(100);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    for (const value of ['-1', '1001', 'half', '50.5']) expect(() => loadConfig({ HEAP_GROWING_PERCENT: value })).toThrow(/HEAP_GROWING_PERCENT/);
  });

  it("is applied to V8 unless 0, or unless node was given the flag itself (the operator's wins)", () => {
    expect(applyHeapGrowth(0, '')).toBe(false);
    expect(applyHeapGrowth(100, '--heap-growing-percent=30')).toBe(false);
    expect(applyHeapGrowth(100, '--max-old-space-size=512 --heap_growing_percent=30')).toBe(false);
    expect(applyHeapGrowth(100, '--max-old-space-size=512')).toBe(true);
  });

  it('stops `node dist/main.js` at start-up when bad', () => {
    const main = path.resolve(__dirname, '../../dist/main.js');
    const run = runNode([main], { env: { PATH: process.env.PATH, HEAP_GROWING_PERCENT: 'lots' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('HEAP_GROWING_PERCENT must be a whole number from 0 to 1000');
  });
});
