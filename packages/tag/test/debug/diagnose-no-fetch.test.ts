// @vitest-environment happy-dom
// New-user trial (trial5): a React app's Jest tests run in Jest's jsdom environment, which has
// no `fetch` (jsdom does not implement it). The app's test creates the relay and asks
// `relay.diagnose()` while the frame is still connecting (it never connects there): the
// promise REJECTS with the raw "TypeError: win.fetch is not a function" (from probeFrame),
// where debugging.md promises `{ ok, summary, reasons }` and rejects only when the debug
// bundle cannot load. Reproduced here by taking happy-dom's fetch away, as jsdom has none.
// lead: fix in packages/tag/src/debug/probe-frame.ts (no fetch: probe what can be seen
// without it, e.g. frame 'unreachable'/unknown; never throw out of diagnose()).
import { afterEach, expect, it, vi } from 'vitest';
import { createAudienceRelay } from '../../src/index';

afterEach(() => {
  vi.unstubAllGlobals();
});

it.fails('diagnose() resolves with a diagnosis in a DOM without fetch (Jest jsdom), never rejects with a TypeError', async () => {
  vi.stubGlobal('fetch', undefined);
  expect(typeof window.fetch).toBe('undefined');
  const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example', timeoutMs: 100, connectTimeoutMs: 30_000 });
  try {
    const diagnosis = await relay.diagnose();
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.reasons.length).toBeGreaterThan(0);
  } finally {
    relay.destroy();
  }
});
