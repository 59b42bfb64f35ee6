// The tag asks for its on-demand bundles by content hash (`audience-relay-outputs.js?v=<first 12
// hex digits of the bundle's sha256>`, esbuild.config.mjs), so that URL may be cached for good.
// mock-dcs answered any `?v=` with whatever bundle it has now, cached for a year: a tag of
// another build (a page still open across `npm run build`, a checkout of an older commit) asks
// for its own version and gets this one, which fails the tag's integrity check, and the browser
// keeps that wrong answer under that URL for a year: the outputs never load there again.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

let dcs: MockDcs;
beforeAll(async () => {
  dcs = await startMockDcs();
});
afterAll(() => dcs.close());

const versionOf = (body: string): string => createHash('sha256').update(Buffer.from(body, 'latin1')).digest('hex').slice(0, 12);

describe.each(['/audience-relay-outputs.js', '/audience-relay-debug.js'])('%s?v=', (path) => {
  it('the version of the bundle it serves: cached for good', async () => {
    const current = await call(dcs.port, path);
    const reply = await call(dcs.port, `${path}?v=${versionOf(current.body)}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('another version: answered, but revalidated, never cached for good', async () => {
    const reply = await call(dcs.port, `${path}?v=000000000000`);
    expect(reply.headers['cache-control']).toBe('no-cache');
  });
});
