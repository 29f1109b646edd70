import { isJsonBody, parseUpstreamJson } from '../../src/connectors/upstream/http';
import type { UpstreamResponse } from '../../src/connectors/upstream/http';
import { UpstreamHttpError } from '../../src/errors';

const response = (text: string): UpstreamResponse => ({ status: 200, contentType: 'application/json', text, headers: {} });

describe('upstream JSON bodies', () => {
  afterEach(() => jest.restoreAllMocks());

  it('parses a body once, however many readers ask (the breaker, then the connector)', () => {
    const parse = jest.spyOn(JSON, 'parse');
    const res = response('{"notSharedWith":[],"itemId":"a1"}');
    expect(isJsonBody(res)).toBe(true);
    expect(parseUpstreamJson(res, 'ARCGIS')).toEqual({ notSharedWith: [], itemId: 'a1' });
    expect(parseUpstreamJson(res, 'ARCGIS')).toEqual({ notSharedWith: [], itemId: 'a1' });
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('tells a body that is not JSON from JSON nested too deeply', () => {
    const html = response('<html>proxy error</html>');
    expect(isJsonBody(html)).toBe(false);
    expect(() => parseUpstreamJson(html, 'OCM')).toThrow(new UpstreamHttpError('UPSTREAM_ERROR', 'OCM', 'Oracle Content Management answered with a body that is not JSON', 200));

    const deep = response('['.repeat(100) + ']'.repeat(100));
    // Still JSON: the breaker does not count it; the connector refuses it.
    expect(isJsonBody(deep)).toBe(true);
    expect(() => parseUpstreamJson(deep, 'OCM')).toThrow(/nested too deeply/);
  });

  it('drops __proto__ keys', () => {
    const body = parseUpstreamJson(response('{"__proto__":{"polluted":true},"ok":1}'), 'ONLYOFFICE') as Record<string, unknown>;
    expect(body).toEqual({ ok: 1 });
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  });
});
