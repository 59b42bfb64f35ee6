// The admin API's lists (paginated, filterable), the store's counters, and the two pages a
// person opens: / and /__admin/ (issues 15 and 21).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoConfig, startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

let dcs: MockDcs;
beforeAll(async () => {
  dcs = await startMockDcs({ maxProfiles: 5 });
});
afterAll(() => dcs.close());
beforeEach(() => {
  const config = demoConfig(['http://publisher.localhost:4280']);
  config.partners.globex = { allowedOrigins: [], traits: [{ id: 7, rule: 'c_x == "1"' }], segments: [{ id: 70, rule: '7T' }] };
  dcs.setConfig(config);
  dcs.reset();
});

const get = (path: string, host = 'dcs.localhost') => call(dcs.port, path, { headers: { host } });
const EVENT = '/event?d_rtbd=json&d_cts=2';
const visit = async (host = 'dcs.localhost', cookie?: string) =>
  (await call(dcs.port, `${EVENT}&c_section=sports&c_x=1`, { headers: { host, ...(cookie ? { cookie: `demdex=${cookie}` } : {}) } })).json().uuid as string;

describe('GET /__admin/requests', () => {
  it('pages the log oldest first, with the total and the path of the next page', async () => {
    const uuids: string[] = [];
    for (let i = 0; i < 5; i++) uuids.push(await visit());
    const first = (await get('/__admin/requests?limit=2')).json();
    expect(first).toMatchObject({ total: 5, offset: 0, limit: 2, next: '/__admin/requests?offset=2&limit=2' });
    expect((first.items as Array<{ uuid: string }>).map((r) => r.uuid)).toEqual(uuids.slice(0, 2));
    const last = (await get('/__admin/requests?offset=4&limit=2')).json();
    expect(last).toMatchObject({ total: 5, offset: 4, next: null });
    expect((last.items as Array<{ uuid: string }>).map((r) => r.uuid)).toEqual([uuids[4]]);
    expect((await get('/__admin/requests')).json()).toMatchObject({ total: 5, limit: 100, next: null });
  });

  it('filters by uuid and by partner, and the next page keeps the filters', async () => {
    const acme = await visit();
    await visit(undefined, acme);
    await visit('globex.dcs.localhost');
    await visit('globex.dcs.localhost');
    const mine = (await get(`/__admin/requests?uuid=${acme}`)).json();
    expect(mine.total).toBe(2);
    expect((mine.items as Array<{ uuid: string }>).every((r) => r.uuid === acme)).toBe(true);
    const globex = (await get('/__admin/requests?partner=globex&limit=1')).json();
    expect(globex).toMatchObject({ total: 2, next: '/__admin/requests?partner=globex&offset=1&limit=1', items: [{ partner: 'globex' }] });
    expect((await get(globex.next as string)).json()).toMatchObject({ total: 2, offset: 1, next: null, items: [{ partner: 'globex' }] });
  });

  it('answers 400 with every problem for a bad page or an unknown parameter', async () => {
    const reply = await get('/__admin/requests?limit=0&offset=-1&uid=1');
    expect(reply.status).toBe(400);
    expect(reply.json().problems).toEqual([
      'unknown parameter "uid": expected uuid, partner, offset or limit',
      'offset: expected a whole number from 0 to 9007199254740991',
      'limit: expected a whole number from 1 to 1000',
    ]);
  });
});

describe('GET /__admin/profiles and /__admin/stats', () => {
  it('pages profiles least recently active first, filtered by partner, with when each was last seen', async () => {
    const a = await visit();
    const b = await visit('globex.dcs.localhost');
    await visit(undefined, a);
    const all = (await get('/__admin/profiles')).json();
    expect(all).toMatchObject({ total: 2, next: null });
    expect((all.items as Array<{ uuid: string }>).map((p) => p.uuid)).toEqual([b, a]);
    expect((all.items as Array<{ lastSeen: number }>)[1]?.lastSeen).toBeGreaterThan(Date.now() - 60_000);
    const globex = (await get('/__admin/profiles?partner=globex')).json();
    expect(globex).toMatchObject({ total: 1, items: [{ uuid: b, partners: ['globex'], traits: { 7: { count: 1 } } }] });
    expect((await get(`/__admin/profiles?uuid=${a}`)).json()).toMatchObject({ total: 1, items: [{ uuid: a, partners: ['acme'] }] });
    expect((await get(`/__admin/profiles/${a}`)).json()).toMatchObject({ uuid: a, partners: ['acme'] });
  });

  it('counts evictions beyond maxProfiles, and the store never holds more', async () => {
    for (let i = 0; i < 12; i++) await visit();
    const stats = (await get('/__admin/stats')).json();
    expect(stats).toMatchObject({
      profiles: { size: 5, maxProfiles: 5, inactiveMs: 120 * 86_400_000, evictions: 7, expirations: 0 },
      requests: { total: 12, size: 12, capacity: 1000 },
    });
    expect((stats.memory as { rssBytes: number }).rssBytes).toBeGreaterThan((stats.memory as { heapUsedBytes: number }).heapUsedBytes);
    // The server's listening socket at least (a soak watches sockets and timers by kind).
    expect((stats.resources as Record<string, number>).TCPServerWrap).toBeGreaterThanOrEqual(1);
    expect(dcs.profileStats()).toMatchObject({ size: 5, evictions: 7 });
    expect((await get('/__admin/profiles')).json().total).toBe(5);
  });

  it('keeps MID links (d_mid → device) no more than profiles, the least recently made forgotten first, and counts them', async () => {
    const mid = (i: number) => String(10n ** 37n + BigInt(i));
    for (let i = 0; i < 12; i++) await get(`${EVENT}&d_mid=${mid(i)}`);
    expect((await get('/__admin/stats')).json().midLinks).toEqual({ size: 5, capacity: 5 });
    // The most recent MID still names its device without the cookie; the oldest names nobody.
    // (From a browser: a server-to-server call has no third-party cookies to block.)
    const fromBrowser = (path: string) => call(dcs.port, path, { headers: { host: 'dcs.localhost', 'sec-fetch-site': 'cross-site' } });
    const recent = (await fromBrowser(`${EVENT}&d_mid=${mid(11)}`)).json();
    expect(recent.errors).toEqual([expect.objectContaining({ code: 172 })]);
    expect((await fromBrowser(`${EVENT}&d_mid=${mid(0)}`)).json().errors).toBeUndefined();
  });

  it('counts expirations with a short inactivity period', async () => {
    const short = await startMockDcs({ inactiveMs: 50 });
    try {
      await call(short.port, `${EVENT}&c_section=sports`);
      const stats = async () => (await call(short.port, '/__admin/stats')).json().profiles as Record<string, number>;
      await expect.poll(stats, { interval: 20, timeout: 2000 }).toMatchObject({ size: 0, expirations: 1 });
      expect(short.profiles()).toEqual([]);
    } finally {
      await short.close();
    }
  });
});

describe('pages a person opens', () => {
  const noScript = (reply: { body: string; headers: Record<string, unknown> }) => {
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).not.toMatch(/<script/i);
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
  };

  it('/ says what the server is and links the admin page, the request log, the profiles and the frame', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(200);
    noScript(reply);
    expect(reply.body).toContain('<title>mock-dcs: partner acme</title>');
    for (const href of ['/__admin/', '/__admin/requests', '/__admin/profiles', '/frame.html', '/audience-relay.js']) expect(reply.body).toContain(`<a href="${href}">`);
    expect(reply.body).toContain('<code>http://publisher.localhost:4280</code>');
    expect((await get('/', 'globex.dcs.localhost')).body).toContain('allowedOrigins</code> is empty');
    // A person who follows the /dest5.html link sees a blank page, as for the frame: the row says so
    // (new-user trial: the frame's row did, the destination iframe's did not).
    expect(reply.body).toMatch(/<a href="\/dest5.html">\/dest5.html<\/a><\/td><td>[^<]*blank when opened on its own/);
  });

  it('/__admin/ shows the counters, the last calls and every endpoint, escaping what calls carried', async () => {
    // A form body is recorded as sent (a GET's query reaches the log percent-encoded).
    await call(dcs.port, '/event', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'd_rtbd=json&c_x=<script>alert(1)</script>"&c_y=<img src=x onerror=alert(1)>' });
    const reply = await get('/__admin/');
    expect(reply.status).toBe(200);
    noScript(reply);
    expect(reply.body).toContain('<title>mock-dcs admin</title>');
    expect(reply.body).toMatch(/profiles kept<\/th><td>1 of at most 5 /);
    expect(reply.body).toContain('c_x=&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;c_y=&lt;img src=x onerror=alert(1)&gt;');
    expect(reply.body).not.toContain('<img');
    for (const href of ['/__admin/requests', '/__admin/profiles', '/__admin/stats', '/__admin/config', '/__admin/faults']) expect(reply.body).toContain(`<a href="${href}">`);
    expect((await get('/__admin')).status).toBe(200);
  });

  it('an unknown admin path says where the list is', async () => {
    const reply = await get('/__admin/nope');
    expect(reply.status).toBe(404);
    expect(reply.json().error).toContain('/__admin/');
  });
});
