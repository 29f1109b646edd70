import path from 'node:path';
import { runNode } from '../../src/dev/spawn';
import { ConfigError, loadConfig } from '../../src/config';

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
