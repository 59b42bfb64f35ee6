// The README's endpoint table states the Content-Security-Policy of /frame.html and
// /dest5.html. A QA team compares the served header with it (new-user trial: the README left
// out `frame-src`, `base-uri 'none'` and `form-action 'none'` for the frame, and the last two
// for dest5.html, so a check written from the README failed on a correct server).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

const ORIGIN = 'https://www.publisher.example';
let dcs: MockDcs;

beforeAll(async () => {
  dcs = await startMockDcs({ config: { defaultPartner: 'acme', partners: { acme: { allowedOrigins: [ORIGIN], traits: [], segments: [] } } } });
});
afterAll(async () => {
  await dcs.close();
});

/** The CSP the README's table row for `path` states, with `<allowed origins>` filled in. */
function documented(path: string): string {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const row = readme.split('\n').find((line) => line.startsWith(`| \`GET ${path}`));
  expect(row, `README.md has a row for ${path}`).toBeDefined();
  const csp = /`Content-Security-Policy: ([^`]+)`/.exec(row!)?.[1] ?? /CSP `([^`]+)`/.exec(row!)?.[1];
  expect(csp, `the ${path} row states the CSP`).toBeDefined();
  return csp!.replace('<allowed origins>', ORIGIN);
}

for (const path of ['/frame.html', '/dest5.html']) {
  it(`serves ${path} with the Content-Security-Policy the README states`, async () => {
    const reply = await call(dcs.port, path);
    expect(reply.status).toBe(200);
    const served = String(reply.headers['content-security-policy']).replace(/'sha256-[^']+'/, "'sha256-…'");
    expect(served).toBe(documented(path));
  });
}
