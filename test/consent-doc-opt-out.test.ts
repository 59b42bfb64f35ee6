// docs/consent.md is where a privacy team reads what optOut() tells the DCS. Trial 9: it named
// the bare /demoptout.jpg (the DCS cookie's device) and the declared IDs' d_cid only; the
// device-ID opt-out (d_uuid, d_mid + d_orgid: the only way the DCS hears of a device whose
// cookie the browser refuses) and d_cid_ic were not there. Every key the frame's opt-out calls
// carry must be named in the doc's opt-out section.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { optOut } from '../packages/frame/src/index';

const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'consent.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Opt-out'), doc.indexOf('\n## ', doc.indexOf('## Opt-out') + 1));

describe("docs/consent.md's opt-out section, against the frame's opt-out calls", () => {
  it('names every key the opt-out calls carry (privacy parameters aside)', async () => {
    const urls: string[] = [];
    const fetch = vi.fn(async (url: string) => (urls.push(url), new Response('')));
    const params: EventParams = {
      signals: {},
      traits: [],
      url: null,
      coppa: false,
      uuid: '1'.repeat(38),
      ecid: { mid: '2'.repeat(38), orgId: 'ABC@AdobeOrg' },
      ids: [
        { source: 21, id: 'crm-42', authState: 1 },
        { source: 'crm', id: 'crm-42', authState: 1 },
      ],
    } as EventParams;
    await optOut(params, { endpoint: 'https://dcs.example/demoptout.jpg', fetch: fetch as unknown as typeof globalThis.fetch, clearStorage: () => {} });
    const keys = new Set(urls.flatMap((url) => [...new URL(url).searchParams.keys()]));
    expect([...keys].sort()).toEqual(['d_cid', 'd_cid_ic', 'd_mid', 'd_orgid', 'd_uuid']);
    expect(section).toContain('/demoptout.jpg');
    for (const key of keys) expect(section, `the opt-out section names ${key}`).toContain(key);
  });
});
