// New-user trial (trial4): a vendor put the frame on a CDN (deploying.md) and forgot the CDN's
// origin in allowedOrigins. mock-dcs answered the frame's calls 200 without CORS headers and
// logged them as successes; the browser hid every answer, and the page said "DCS unreachable".
// The log and the request log now say which origin was refused, and where to add it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

const lines: string[] = [];
let dcs: MockDcs;

beforeAll(async () => {
  dcs = await startMockDcs({
    config: { defaultPartner: 'acme', partners: { acme: { allowedOrigins: ['http://pub.localhost:8091'], traits: [], segments: [] } } },
    log: (line) => void lines.push(line),
  });
});
afterAll(async () => {
  await dcs.close();
});

const EVENT = '/event?d_rtbd=json&c_section=sports';

describe('a CORS call from an origin the partner does not allow', () => {
  it('is answered without CORS headers, and the log and the request log name the origin and where to allow it', async () => {
    const reply = await call(dcs.port, EVENT, { headers: { origin: 'http://cdn.localhost:8090', 'sec-fetch-mode': 'cors' } });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(dcs.requests().at(-1)?.refusedOrigin).toBe('http://cdn.localhost:8090');
    expect(lines.at(-1)).toContain('CORS refused: origin http://cdn.localhost:8090 is not in partners.acme.allowedOrigins');
    // The admin page, where a person looks at the last calls, says it too.
    const admin = await call(dcs.port, '/__admin/');
    expect(admin.body).toContain('CORS refused: http://cdn.localhost:8090 is not in allowedOrigins');
  });

  it('an allowed origin, a beacon (no-cors) and a call without Origin are not refused', async () => {
    for (const headers of [
      { origin: 'http://pub.localhost:8091', 'sec-fetch-mode': 'cors' },
      { origin: 'http://cdn.localhost:8090', 'sec-fetch-mode': 'no-cors' },
      {} as Record<string, string>,
    ]) {
      const before = lines.length;
      await call(dcs.port, EVENT, { headers });
      expect(dcs.requests().at(-1)?.status, JSON.stringify(headers)).toBe(200);
      expect(dcs.requests().at(-1)?.refusedOrigin, JSON.stringify(headers)).toBeUndefined();
      expect(lines.slice(before).join('\n'), JSON.stringify(headers)).not.toContain('CORS refused');
    }
  });
});
