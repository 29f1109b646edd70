import path from 'node:path';
import { runNode } from '../../src/dev/spawn';
import { ConfigError, loadConfig, maskDatabaseUrl } from '../../src/config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(4000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.backends).toEqual({ ARCGIS: null, OCM: null, ONLYOFFICE: null });
    expect(c.upstream).toMatchObject({ connectTimeoutMs: 3000, headersTimeoutMs: 5000, bodyTimeoutMs: 10000, callDeadlineMs: 10000, operationDeadlineMs: 30000, connections: 50 });
    expect(c.arcgisChunkSize).toBe(100);
    expect(c.graphiql).toBe(false);
    expect(c.introspection).toBe(false);
  });

  it('reads backend URLs and keeps their path', () => {
    const c = loadConfig({ ARCGIS_URL: 'https://host/portal/sharing/rest/', OCM_URL: 'https://ocm.example.com', PORT: '8080' });
    expect(c.backends.ARCGIS!.href).toBe('https://host/portal/sharing/rest');
    expect(c.backends.OCM!.origin).toBe('https://ocm.example.com');
    expect(c.port).toBe(8080);
  });

  it.each([
    ['ARCGIS_URL', 'not a url'],
    ['OCM_URL', 'ftp://example.com'],
    ['ONLYOFFICE_URL', 'https://user:pw@example.com'],
    ['PORT', 'eighty'],
    ['ARCGIS_CHUNK_SIZE', '0'],
    ['GRAPHIQL', 'maybe'],
  ])('refuses %s=%j with a clear message', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('stops `node dist/main.js` with a clear message on a URL that does not parse', () => {
    const main = path.resolve(__dirname, '../../dist/main.js');
    const run = runNode([main], { env: { PATH: process.env.PATH, ARCGIS_URL: 'http//broken' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ARCGIS_URL is not a valid URL');
  });
});

describe('ledger settings', () => {
  it('has the documented defaults: on, embedded SQLite under ./.ledger, keys 24 h, operations 365 days, no operator', () => {
    const c = loadConfig({});
    expect(c.ledger).toEqual({ enabled: true, databaseUrl: null, dir: './.ledger', idempotencyTtlHours: 24, retentionDays: 365, fingerprintKey: null });
    expect(c.adminToken).toBeNull();
  });

  it('reads every ledger setting', () => {
    const c = loadConfig({
      LEDGER: 'off',
      DATABASE_URL: 'postgres://gw:secret@db.internal:5432/ledger',
      LEDGER_DIR: '/var/lib/gateway',
      IDEMPOTENCY_TTL_HOURS: '48',
      LEDGER_RETENTION_DAYS: '30',
      LEDGER_FINGERPRINT_KEY: 'k'.repeat(32),
      ADMIN_TOKEN: ' operator-token-0123456789 ',
    });
    expect(c.ledger).toEqual({
      enabled: false,
      databaseUrl: 'postgres://gw:secret@db.internal:5432/ledger',
      dir: '/var/lib/gateway',
      idempotencyTtlHours: 48,
      retentionDays: 30,
      fingerprintKey: 'k'.repeat(32),
    });
    expect(c.adminToken).toBe('operator-token-0123456789');
  });

  it('takes postgresql:// as well as postgres://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://127.0.0.1/test' }).ledger.databaseUrl).toBe('postgresql://127.0.0.1/test');
  });

  it.each([
    ['LEDGER', 'sometimes'],
    ['IDEMPOTENCY_TTL_HOURS', '0'],
    ['LEDGER_RETENTION_DAYS', 'forever'],
    ['LEDGER_FINGERPRINT_KEY', 'too-short'],
    ['ADMIN_TOKEN', 'short'],
    ['ADMIN_TOKEN', 'a-long-enough-token\nX-Injected: 1'],
    ['DATABASE_URL', 'mysql://root@127.0.0.1/test'],
    ['DATABASE_URL', 'not a url'],
  ])('refuses %s=%j with a clear message', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it.each([
    ['a URL of the wrong kind', 'mysql://gw:hunter2-secret@db/ledger'],
    ['a URL that does not parse', 'postgres://gw:hunter2-secret@db:port/ledger'],
  ])('never shows the DATABASE_URL password when refusing %s', (_what, url) => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: url });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('gw:***@');
    expect(message).not.toContain('hunter2');
  });

  it('never shows a secret setting in its message', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'tiny-secret' })).toThrow(/^ADMIN_TOKEN must be at least 16 characters long$/);
  });

  it('masks the password in the URL and in its query', () => {
    expect(maskDatabaseUrl('postgres://gw:s3cr%40t@db:5432/ledger?password=again&sslmode=require')).toBe('postgres://gw:***@db:5432/ledger?password=***&sslmode=require');
    expect(maskDatabaseUrl('postgres://db/ledger')).toBe('postgres://db/ledger');
  });
});
