// The real-time call to content providers, from the provider's side: privacy signals passed
// on or the call withheld, and answers bounded while they are read (docs/content-providers.md).
import { GppModel } from '@iabgpp/cmpapi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startContentProvider, startMockDcs, type ContentProvider, type MockDcs, type MockDcsConfig } from '../src/index';
import { call, tcString, type CallOptions } from './helpers';
import { startProviderStub, type ProviderStub } from './provider-stub';

const EVENT = '/event?d_rtbd=json&d_cts=2&c_section=sports';
const PROVIDER = 777;
const STUB = 778;

let dcs: MockDcs;
let provider: ContentProvider;
let stub: ProviderStub;

function config(): MockDcsConfig {
  return {
    defaultPartner: 'acme',
    partners: {
      acme: {
        allowedOrigins: ['https://www.publisher.example'],
        traits: [
          { id: 1001, rule: 'c_section == "sports"' },
          { id: 1005, rule: 'segment == "golf_fan"', dpid: PROVIDER },
          { id: 1008, rule: 'segment == "tennis_fan"', dpid: STUB },
        ],
        segments: [
          { id: 5001, rule: '1001T' },
          { id: 5005, rule: '1005T' },
          { id: 5008, rule: '1008T' },
        ],
        contentProviders: [
          { id: 1, dpid: PROVIDER, url: `${provider.url}/segments?uid=\${DPUUID}`, timeoutMs: 1000 },
          { id: 2, dpid: STUB, url: `${stub.url}/segments?uid=\${DPUUID}&device=\${UUID}`, timeoutMs: 1000 },
        ],
      },
    },
  };
}

const get = (path: string, options?: CallOptions) => call(dcs.port, path, options);

/** A device whose ID is synced with both providers: the DCS calls them on its event calls. */
async function syncedVisitor(): Promise<string> {
  const uuid = (await get(EVENT)).json().uuid as string;
  const cookie = { headers: { cookie: `demdex=${uuid}` } };
  await get(`/ibs:dpid=${PROVIDER}&dpuuid=cp-1`, cookie);
  await get(`/ibs:dpid=${STUB}&dpuuid=${encodeURIComponent('t 1')}`, cookie);
  return uuid;
}

/** An event call of that visitor, and how many calls the demo provider got during it. */
async function eventOf(uuid: string, query = '', headers: Record<string, string> = {}) {
  const before = provider.calls;
  const reply = await get(`${EVENT}${query}`, { headers: { cookie: `demdex=${uuid}`, ...headers } });
  // The DCS answers only once every provider call it made has settled: the count is final.
  return { body: reply.json(), providerCalls: provider.calls - before, path: provider.received.at(-1)?.path ?? '' };
}

function gpp(section: string, fields: Record<string, number>): string {
  const model = new GppModel();
  for (const [field, value] of Object.entries(fields)) model.setFieldValue(section, field, value);
  return model.encode();
}

beforeAll(async () => {
  dcs = await startMockDcs();
  provider = await startContentProvider({ dcsUrl: dcs.url, dpid: PROVIDER });
  stub = await startProviderStub();
});
afterAll(async () => {
  await Promise.all([dcs.close(), provider.close(), stub.close()]);
});
beforeEach(() => {
  dcs.setConfig(config());
  dcs.reset();
  stub.handle = (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"segments":["tennis_fan"]}');
});

describe('privacy signals on the real-time call', () => {
  it('without privacy signals the provider is called with the visitor only, and its segments qualify', async () => {
    const { body, providerCalls, path } = await eventOf(await syncedVisitor());
    expect(providerCalls).toBe(1);
    expect(path).toBe('/segments?uid=cp-1');
    expect(body.segments).toEqual([5001, 5005, 5008]);
    expect(body.errors).toBeUndefined();
  });

  it('passes gdpr, gdpr_consent, gpp, gpp_sid and us_privacy on, as the page sent them, with the DCS headers', async () => {
    const tc = tcString({ purposes: [1, 10], vendors: [565] });
    const noOptOut = gpp('usnat', { SaleOptOut: 2, SharingOptOut: 2, TargetedAdvertisingOptOut: 2 });
    const query = `&gdpr=1&gdpr_consent=${tc}&gpp=${encodeURIComponent(noOptOut)}&gpp_sid=7&us_privacy=1YNN`;
    const { body, providerCalls, path } = await eventOf(await syncedVisitor(), query);
    expect(providerCalls).toBe(1);
    expect(path).toBe(`/segments?uid=cp-1&gdpr=1&gdpr_consent=${tc}&gpp=${encodeURIComponent(noOptOut)}&gpp_sid=7&us_privacy=1YNN`);
    expect(provider.received.at(-1)?.headers).toMatchObject({ accept: 'application/json', 'user-agent': 'mock-dcs (real-time content provider call)' });
    expect(provider.received.at(-1)?.headers.cookie).toBeUndefined();
    expect(body.segments).toEqual([5001, 5005, 5008]);
  });

  it('a US opt-out of sale in us_privacy (1YYN): no provider is called; 1YNN is', async () => {
    const uuid = await syncedVisitor();
    const optedOut = await eventOf(uuid, '&us_privacy=1YYN');
    expect(optedOut.providerCalls).toBe(0);
    expect(optedOut.body.segments).toEqual([5001]);
    expect(optedOut.body.errors).toBeUndefined();
    expect((await eventOf(uuid, '&us_privacy=1YNN')).providerCalls).toBe(1);
  });

  it('Global Privacy Control (Sec-GPC: 1): no provider is called; without it they are', async () => {
    const uuid = await syncedVisitor();
    const gpc = await eventOf(uuid, '', { 'sec-gpc': '1' });
    expect(gpc.providerCalls).toBe(0);
    expect(gpc.body.segments).toEqual([5001]);
    expect((await eventOf(uuid)).providerCalls).toBe(1);
  });

  it('a GPP US opt-out (US National sale, sharing or targeting; a state section; its GPC field): no provider is called', async () => {
    const uuid = await syncedVisitor();
    for (const optOut of [
      gpp('usnat', { SaleOptOut: 1 }),
      gpp('usnat', { SharingOptOut: 1 }),
      gpp('usnat', { TargetedAdvertisingOptOut: 1 }),
      gpp('usca', { SaleOptOut: 1 }),
    ]) {
      expect((await eventOf(uuid, `&gpp=${encodeURIComponent(optOut)}&gpp_sid=7,8`)).providerCalls).toBe(0);
    }
    const withGpc = new GppModel();
    withGpc.setFieldValue('usnat', 'Gpc', true);
    expect((await eventOf(uuid, `&gpp=${encodeURIComponent(withGpc.encode())}&gpp_sid=7`)).providerCalls).toBe(0);
    // Controls: no opt-out recorded, and an opt-out in a section the page says does not apply.
    expect((await eventOf(uuid, `&gpp=${encodeURIComponent(gpp('usnat', { SaleOptOut: 2 }))}&gpp_sid=7`)).providerCalls).toBe(1);
    expect((await eventOf(uuid, `&gpp=${encodeURIComponent(gpp('usca', { SaleOptOut: 1 }))}&gpp_sid=2`)).providerCalls).toBe(1);
  });

  it('privacy strings the DCS cannot read count as an opt-out', async () => {
    const uuid = await syncedVisitor();
    expect((await eventOf(uuid, '&us_privacy=yes')).providerCalls).toBe(0);
    expect((await eventOf(uuid, '&gpp=not-a-gpp-string&gpp_sid=7')).providerCalls).toBe(0);
    expect((await eventOf(uuid, '&us_privacy=1---')).providerCalls).toBe(1);
  });

  it('gdpr=1 without the consent the DCS needs: no provider is called; with it, they are', async () => {
    const uuid = await syncedVisitor();
    const missing = await eventOf(uuid, '&gdpr=1');
    expect(missing.providerCalls).toBe(0);
    expect(missing.body.errors).toEqual([expect.objectContaining({ code: 315 })]);
    const refused = await eventOf(uuid, `&gdpr=1&gdpr_consent=${tcString({ purposes: [1], vendors: [565] })}`);
    expect(refused.providerCalls).toBe(0);
    // Another visitor: a call without consent opts its device out (consent-denied-opt-out.test.ts).
    const granted = await eventOf(await syncedVisitor(), `&gdpr=1&gdpr_consent=${tcString({ purposes: [1, 10], vendors: [565] })}`);
    expect(granted.providerCalls).toBe(1);
    expect(granted.body.segments).toEqual([5001, 5005, 5008]);
  });

  it('d_coppa=1: no provider is called, even for a device named by d_uuid; without it, they are', async () => {
    const uuid = await syncedVisitor();
    const coppa = await eventOf(uuid, `&d_coppa=1&d_uuid=${uuid}`);
    expect(coppa.providerCalls).toBe(0);
    expect(coppa.body.segments).toEqual([5001]);
    expect((await eventOf(uuid, `&d_coppa=true&d_uuid=${uuid}`)).providerCalls).toBe(0);
    expect((await eventOf(uuid, `&d_uuid=${uuid}`)).providerCalls).toBe(1);
  });
});

describe("bounded answers: a provider's bad answer is one error 10, never a failed event call", () => {
  const stubFailure = async (): Promise<{ segments: unknown; errors: unknown; ms: number }> => {
    const uuid = await syncedVisitor();
    const started = Date.now();
    const { body } = await eventOf(uuid);
    return { segments: body.segments, errors: body.errors, ms: Date.now() - started };
  };
  const json = (text: string, headers: Record<string, string> = {}) => (_req: unknown, res: import('node:http').ServerResponse) =>
    void res.writeHead(200, { 'Content-Type': 'application/json', ...headers }).end(text);
  const error10 = (msg: string) => [{ code: 10, msg: `Unable to evaluate traits: provider 2: ${msg}` }];

  it('control: a valid answer with extra fields qualifies its segments', async () => {
    stub.handle = json('{"segments":["tennis_fan"],"ttl":60}');
    const { segments, errors } = await stubFailure();
    expect(segments).toEqual([5001, 5005, 5008]);
    expect(errors).toBeUndefined();
  });

  it('an endless body: the DCS stops reading at 64 KiB, well before the timeout', async () => {
    let aborted = false;
    stub.handle = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.on('close', () => (aborted = !res.writableFinished));
      const chunk = `"${'x'.repeat(16 * 1024)}",`;
      res.write('{"segments":[');
      const more = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    };
    const { segments, errors, ms } = await stubFailure();
    expect(errors).toEqual(error10('answer too large: over 65536 bytes'));
    expect(segments).toEqual([5001, 5005]);
    expect(ms).toBeLessThan(1000);
    await expect.poll(() => aborted).toBe(true);
  });

  it('a Content-Length over 64 KiB is refused before reading', async () => {
    stub.handle = (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(1 << 20) }).write('{"segments":[');
    expect((await stubFailure()).errors).toEqual(error10(`answer too large: Content-Length ${1 << 20} over 65536 bytes`));
  });

  it('more than 200 segments', async () => {
    stub.handle = json(JSON.stringify({ segments: Array.from({ length: 201 }, (_, i) => `s${i}`) }));
    const { segments, errors } = await stubFailure();
    expect(errors).toEqual(error10('answer has 201 segments, over 200'));
    expect(segments).toEqual([5001, 5005]);
  });

  it.each([
    ['not JSON', 'segments: tennis_fan', 'answer is not JSON (UTF-8)'],
    ['a JSON array', '["tennis_fan"]', 'answer is not a JSON object'],
    ['no segments array', '{"segments":"tennis_fan"}', 'answer has no "segments" array'],
    ['a segment that is not a string', '{"segments":["tennis_fan",7]}', 'segments[1] is not a string of 1 to 255 characters'],
    ['an empty segment name', '{"segments":[""]}', 'segments[0] is not a string of 1 to 255 characters'],
    ['a segment name over 255 characters', JSON.stringify({ segments: ['x'.repeat(256)] }), 'segments[0] is not a string of 1 to 255 characters'],
  ])('a malformed answer: %s', async (_name, text, problem) => {
    stub.handle = json(text);
    const { segments, errors } = await stubFailure();
    expect(errors).toEqual(error10(problem));
    expect(segments).toEqual([5001, 5005]);
  });

  it('an HTTP error, and a redirect (never followed)', async () => {
    stub.handle = (_req, res) => void res.writeHead(503).end();
    expect((await stubFailure()).errors).toEqual(error10('answered HTTP 503'));
    let followed = false;
    stub.handle = (req, res) => {
      if (req.url?.startsWith('/elsewhere')) followed = true;
      res.writeHead(302, { Location: '/elsewhere' }).end();
    };
    expect((await stubFailure()).errors).toEqual(error10('answered HTTP 302 (redirects are not followed)'));
    expect(followed).toBe(false);
  });

  it('${DPUUID} is percent-encoded and ${UUID} is the 38-digit device ID', async () => {
    let path = '';
    stub.handle = (req, res) => {
      path = req.url ?? '';
      json('{"segments":[]}')(req, res);
    };
    const uuid = await syncedVisitor();
    await eventOf(uuid);
    expect(path).toBe(`/segments?uid=t%201&device=${uuid}`);
  });
});

describe("the demo provider's own page", () => {
  it('/ says what it is, shows the calls the DCS made (escaped), and points to the guide and the check', async () => {
    await eventOf(await syncedVisitor(), '&us_privacy=1YNN');
    const res = await fetch(`${provider.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<h1>Golf Data Co: a demo real-time content provider</h1>');
    expect(html).toContain('<code>GET /segments?uid=cp-1&amp;us_privacy=1YNN</code>');
    expect(html).toContain('docs/content-providers.md');
    expect(html).toContain(`npx mock-dcs-provider-check '${provider.url}/segments?uid=\${DPUUID}'`);
    const missing = await fetch(`${provider.url}/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('its endpoints are listed at /');
  });

  it('describes the user IDs it really gives, and its sample link is one of them (new-user trial: the page said cp-1, cp-2)', async () => {
    const sync = await fetch(`${provider.url}/sync?uuid=${'3'.repeat(38)}`, { redirect: 'manual' });
    const given = decodeURIComponent(/dpuuid=([^&]+)/.exec(sync.headers.get('location') ?? '')?.[1] ?? '');
    expect(given).toMatch(/^cp-[0-9a-f]{16}$/);
    const html = await (await fetch(`${provider.url}/`)).text();
    expect(html).toContain('(<code>cp-</code> and 16 hex digits, derived from the DCS device ID');
    expect(html).toContain(`Try one yourself: <a href="/segments?uid=${given}"><code>/segments?uid=${given}</code></a>`);
    const sample = await fetch(`${provider.url}/segments?uid=${given}`);
    expect(await sample.json()).toEqual({ segments: ['golf_fan'] });
  });
});

describe('the demo provider keeps nothing per visitor', () => {
  it('its user ID for a DCS uuid depends on that uuid alone: the same in any order and after a restart', async () => {
    const syncedId = async (target: ContentProvider, uuid: string): Promise<string> => {
      const res = await fetch(`${target.url}/sync?uuid=${uuid}`, { redirect: 'manual' });
      return /dpuuid=([^&]+)/.exec(res.headers.get('location') ?? '')?.[1] ?? '';
    };
    const [a, b] = ['1'.repeat(38), '2'.repeat(38)];
    const first = await syncedId(provider, a);
    const second = await syncedId(provider, b);
    expect(first).toMatch(/^cp-[0-9a-f]{16}$/);
    expect(second).not.toBe(first);
    expect(await syncedId(provider, a)).toBe(first);
    const restarted = await startContentProvider({ dcsUrl: dcs.url, dpid: PROVIDER });
    try {
      expect(await syncedId(restarted, b)).toBe(second);
      expect(await syncedId(restarted, a)).toBe(first);
    } finally {
      await restarted.close();
    }
  });
});
