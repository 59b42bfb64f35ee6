import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoConfig, startMockDcs, type MockDcs } from '../src/index';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { call as callServer, type CallOptions, type Reply } from './helpers';

const PUBLISHER = 'http://publisher.localhost:4280';
const assetsDir = mkdtempSync(join(tmpdir(), 'mock-dcs-'));
const frameTemplate = `<!doctype html><meta name="audience-relay:partner" content="">
<meta name="audience-relay:allowed-origins" content=""><script>console.log("frame")</script>`;
writeFileSync(join(assetsDir, 'frame.html'), frameTemplate);
writeFileSync(join(assetsDir, 'audience-relay.js'), '/* tag */');
const RELEASE = '0123456789abcdef';
mkdirSync(join(assetsDir, 'v', RELEASE), { recursive: true });
writeFileSync(join(assetsDir, 'v', RELEASE, 'audience-relay.js'), '/* tag, pinned */');
writeFileSync(join(assetsDir, 'v', RELEASE, 'manifest.json'), '{"release":"0123456789abcdef"}');
writeFileSync(join(assetsDir, 'manifest.json'), '{"release":"0123456789abcdef"}');
writeFileSync(join(assetsDir, 'secret.txt'), 'not served');

let dcs: MockDcs;
const logs: string[] = [];

beforeAll(async () => {
  dcs = await startMockDcs({
    assets: { frameHtml: join(assetsDir, 'frame.html'), tagJs: join(assetsDir, 'audience-relay.js'), outputsJs: join(assetsDir, 'audience-relay-outputs.js'), debugJs: join(assetsDir, 'audience-relay-debug.js') },
    log: (line) => logs.push(line),
  });
});
afterAll(() => dcs.close());
beforeEach(() => {
  dcs.setConfig(demoConfig([PUBLISHER]));
  dcs.reset();
  logs.length = 0;
});

const call = (path: string, options?: CallOptions): Promise<Reply> => callServer(dcs.port, path, options);

const EVENT = '/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2';
const uuidFrom = (reply: Reply) => reply.json().uuid as string;
const cookieFor = (uuid: string) => ({ cookie: `demdex=${uuid}` });

describe('/event', () => {
  it('qualifies traits from signals and segments from traits, with a 38-digit uuid and a partitioned cookie', async () => {
    const reply = await call(`${EVENT}&c_section=sports&p_age=23`);
    expect(reply.status).toBe(200);
    const body = reply.json();
    expect(body.traits).toEqual([1001, 1002]);
    expect(body.segments).toEqual([5001, 5002]);
    expect(body.uuid).toMatch(/^\d{38}$/);
    expect(body.dcs_region).toBe(7);
    expect(typeof body.tid).toBe('string');
    expect(body.stuff).toEqual([{ cn: 'aud_seg', cv: 'seg=5001,5002', ttl: 30, dmn: '' }]);
    // Nothing to send: no `dests` and no `ibs` key, as Adobe's sample answer (documented-answer-shape.test.ts).
    expect(body.dests).toBeUndefined();
    expect(body.ibs).toBeUndefined();
    expect(reply.headers['set-cookie']?.[0]).toBe(`demdex=${body.uuid}; Max-Age=15552000; Path=/; SameSite=None; Secure; Partitioned`);
  });

  it('keeps the profile of the cookie uuid: frequency segments qualify on the third realization', async () => {
    const first = await call(`${EVENT}&c_section=sports`);
    const uuid = uuidFrom(first);
    const second = await call(`${EVENT}&c_section=sports`, { headers: cookieFor(uuid) });
    expect(uuidFrom(second)).toBe(uuid);
    expect(second.json().segments).toEqual([5001]);
    const third = await call(`${EVENT}&c_section=sports`, { headers: cookieFor(uuid) });
    expect(third.json().segments).toEqual([5001, 5004]);
  });

  it('returns segments from the profile even when this call realizes no trait', async () => {
    const uuid = uuidFrom(await call(`${EVENT}&c_section=sports`));
    const later = await call(EVENT, { headers: cookieFor(uuid) });
    expect(later.json().traits).toEqual([]);
    expect(later.json().segments).toEqual([5001]);
  });

  it('realizes pixel traits by d_sid, ignoring IDs the partner does not define', async () => {
    const reply = await call(`${EVENT}&d_sid=1004,999999`);
    expect(reply.json().traits).toEqual([1004]);
  });

  it('the cookie wins over d_uuid (d_uuid identifies a visitor when no cookie does: "Supported Attributes for DCS API Calls"); an invalid d_uuid is error 102 in the body and X-Error', async () => {
    const declared = '1'.repeat(38);
    const cookie = '2'.repeat(38);
    const wins = await call(`${EVENT}&d_uuid=${declared}`, { headers: cookieFor(cookie) });
    expect(uuidFrom(wins)).toBe(cookie);
    expect(uuidFrom(await call(`${EVENT}&d_uuid=${declared}`))).toBe(declared);
    const bad = await call(`${EVENT}&d_uuid=123`);
    expect(bad.json().errors).toEqual([{ code: 102, msg: 'Invalid AAM ID passed in request 123' }]);
    expect(bad.headers['x-error']).toBe('102');
  });

  it('answers a 1×1 GIF and no data without d_rtbd=json', async () => {
    const reply = await call('/event?d_sid=1004');
    expect(reply.headers['content-type']).toBe('image/gif');
    expect(reply.body.startsWith('GIF89a')).toBe(true);
  });

  it('ignores the whole request on a bad percent-escape, with error 311', async () => {
    const reply = await call(`${EVENT}&c_section=sports&c_bad=%es`);
    expect(reply.status).toBe(200);
    expect(reply.json().errors).toEqual([expect.objectContaining({ code: 311 })]);
    expect(reply.json().segments).toBeUndefined();
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('takes a POST form body with the same meaning as a GET', async () => {
    const reply = await call('/event', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'd_rtbd=json&d_cts=2&c_section=sports&p_age=23',
    });
    expect(reply.json().segments).toEqual([5001, 5002]);
  });

  it('answers oversize requests with an error, never a crash or a 500', async () => {
    const longGet = await call(`${EVENT}&c_x=${'a'.repeat(9000)}`);
    expect(longGet.status).toBe(200);
    expect(longGet.json().errors).toEqual([expect.objectContaining({ code: 0 })]);
    const bigPost = await call('/event', { method: 'POST', body: `d_rtbd=json&c_x=${'a'.repeat(40000)}` });
    expect(bigPost.status).toBe(200);
    expect(bigPost.json().errors).toEqual([expect.objectContaining({ code: 0 })]);
    expect((await call(`${EVENT}&c_section=sports`)).status).toBe(200);
  });

  it('sends CORS headers for allowed origins only: the origin echoed with credentials, never *', async () => {
    const allowed = await call(EVENT, { headers: { origin: PUBLISHER } });
    expect(allowed.headers['access-control-allow-origin']).toBe(PUBLISHER);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await call(EVENT, { headers: { origin: 'http://evil.localhost' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    // Caches must not serve one origin's answer to another.
    for (const reply of [allowed, other]) expect(reply.headers['vary']).toContain('Origin');
  });

  it('picks the partner from the first label of Host, else the default partner', async () => {
    const config = demoConfig([PUBLISHER]);
    config.partners.globex = { allowedOrigins: [], region: 9, traits: [{ id: 7, rule: 'c_x == "1"' }], segments: [{ id: 70, rule: '7T' }] };
    dcs.setConfig(config);
    const globex = await call(`${EVENT}&c_x=1`, { headers: { host: 'globex.dcs.localhost' } });
    expect(globex.json()).toMatchObject({ dcs_region: 9, segments: [70] });
    const fallback = await call(`${EVENT}&c_x=1`, { headers: { host: 'dcs.localhost' } });
    expect(fallback.json()).toMatchObject({ dcs_region: 7, segments: [] });
  });

  it('never logs p_ values', async () => {
    await call(`${EVENT}&c_section=sports&p_age=23&p_name=zebra-crossing`);
    const line = logs.join('\n');
    expect(line).not.toContain('zebra-crossing');
    const signals = JSON.parse(/signals=(\{.*\})$/m.exec(line)?.[1] ?? 'null') as Record<string, string[]>;
    expect(signals).toMatchObject({ c_section: ['sports'], p_age: ['[redacted]'], p_name: ['[redacted]'] });
  });
});

describe('frame hosting', () => {
  it('serves frame.html with the partner and origins declared, a CSP allowing exactly the inlined script, and frame-ancestors', async () => {
    const reply = await call('/frame.html');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<meta name="audience-relay:partner" content="acme">');
    expect(reply.body).toContain(`<meta name="audience-relay:allowed-origins" content="${PUBLISHER}">`);
    const hash = createHash('sha256').update('console.log("frame")').digest('base64');
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain(`frame-ancestors ${PUBLISHER}`);
  });

  it("refuses every embedder with frame-ancestors 'none' when the partner allows no origin", async () => {
    dcs.setConfig(demoConfig([]));
    const reply = await call('/frame.html');
    expect(String(reply.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('serves the tag at /audience-relay.js', async () => {
    const reply = await call('/audience-relay.js');
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.body).toBe('/* tag */');
  });

  it('serves the tag and its bundles to CORS requests without credentials: Access-Control-Allow-Origin *, never with credentials', async () => {
    for (const path of ['/audience-relay.js', `/v/${RELEASE}/audience-relay.js`, '/manifest.json']) {
      const reply = await call(path, { headers: { origin: PUBLISHER } });
      expect(reply.status, path).toBe(200);
      expect(reply.headers['access-control-allow-origin'], path).toBe('*');
      expect(reply.headers['access-control-allow-credentials'], path).toBeUndefined();
    }
  });

  it('serves versioned releases (/v/<release>/…) as immutable, the unversioned tag and manifest as revalidated, and nothing else', async () => {
    const pinned = await call(`/v/${RELEASE}/audience-relay.js`);
    expect(pinned.body).toBe('/* tag, pinned */');
    expect(pinned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(pinned.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const manifest = await call(`/v/${RELEASE}/manifest.json`);
    expect(manifest.json()).toEqual({ release: RELEASE });
    expect(manifest.headers['cache-control']).toContain('immutable');
    const current = await call('/manifest.json');
    expect(current.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(current.headers['cache-control']).toBe('no-cache');
    expect((await call('/audience-relay.js')).headers['cache-control']).toBe('no-cache');
    for (const path of [`/v/${RELEASE}/secret.txt`, `/v/${RELEASE}/../secret.txt`, '/v/fedcba9876543210/audience-relay.js', `/v/${RELEASE}/%2e%2e/secret.txt`]) {
      expect((await call(path)).status, path).toBe(404);
    }
  });

  it('serves assets as a CDN would: Brotli or gzip as accepted, an ETag, and 304 on revalidation', async () => {
    const brotli = await call('/audience-relay.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['vary']).toContain('Accept-Encoding');
    expect(brotli.headers['timing-allow-origin']).toBe('*');
    expect(brotliDecompressSync(Buffer.from(brotli.body, 'latin1')).toString()).toBe('/* tag */');
    const gzip = await call('/frame.html', { headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(Buffer.from(gzip.body, 'latin1')).toString()).toContain('audience-relay:partner');
    expect(String(gzip.headers['content-security-policy'])).toContain('frame-ancestors');

    const etag = String(brotli.headers.etag);
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await call('/audience-relay.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    // Another body, another tag.
    expect((await call('/frame.html')).headers.etag).not.toBe(etag);
  });

  it('says how to build when the built files are missing', async () => {
    const bare = await startMockDcs({ assets: { frameHtml: join(assetsDir, 'none.html'), tagJs: join(assetsDir, 'none.js'), outputsJs: join(assetsDir, 'none.js'), debugJs: join(assetsDir, 'none.js') } });
    try {
      const res = await fetch(`http://127.0.0.1:${bare.port}/frame.html`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });

  it('answers unknown paths with a 404 any page may read (a wrong tag URL is a 404 in the page, not a CORS error), and the icon with 204', async () => {
    const missing = await call('/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers['access-control-allow-origin']).toBe('*');
    expect((await call('/favicon.ico')).status).toBe(204);
  });
});

describe('request log', () => {
  it('keeps the last 1000 calls, oldest first', async () => {
    const { RequestLog } = await import('../src/admin/request-log');
    const log = new RequestLog();
    for (let i = 0; i < 1205; i++) log.add({ time: i, method: 'GET', partner: 'acme', path: '/event', signals: {}, uuid: null, status: 200, errors: [], durationMs: 0 });
    const times = log.list().map((r) => r.time);
    expect(times).toHaveLength(1000);
    expect(times[0]).toBe(205);
    expect(times.at(-1)).toBe(1204);
    log.clear();
    expect(log.list()).toEqual([]);
  });
});

// New-user trial 2: `startMockDcs({ log: false })` (how one silences many tools, from plain JS)
// started, then crashed the whole process on its first request ("log is not a function").
describe('startMockDcs options of the wrong type', () => {
  it('are refused at start, each named, instead of crashing the server on its first request', async () => {
    const options = { log: false, hostname: 5, https: 'yes' } as unknown as Parameters<typeof startMockDcs>[0];
    await expect(startMockDcs({ ...options, port: 0 })).rejects.toThrow(
      'startMockDcs: log: expected a function (line: string) => void; hostname: expected a host name string; https: expected true or false',
    );
  });
});
