// attack10: diagnose() asks the page's own __tcfapi why it refused (67e2946, debug/tcf-refusal.ts).
import { afterEach, expect, it, vi } from 'vitest';
import { tcfRefusal } from '../../src/debug/tcf-refusal';

const realSetTimeout = globalThis.setTimeout;
afterEach(() => vi.unstubAllGlobals());

// The CMP calls our listener from its own code, in a later task (a real CMP's tcloaded event).
// Reading its answer throws there (a getter, a Proxy: consent.ts wraps the same reading in
// `safely` for this reason), and our listener throws it into the CMP's code: an exception of
// ours reaching the page, where the tag's own reading of the same CMP throws nothing.
// Fixed (session j) in debug/tcf-refusal.ts. (Was: lead: fix in packages/tag/src/debug/tcf-refusal.ts (the listener's body in a try/catch: null).)
// Expected: the listener never throws into the CMP; diagnose's words are null.
it("a CMP answer whose reading throws is not thrown back into the CMP's code", async () => {
  let listener: ((data: object, success: boolean) => void) | undefined;
  const win = { __tcfapi: (command: string, _v: number, callback: (data: object, success: boolean) => void) => void (command === 'addEventListener' && (listener = callback)) };
  const asked = tcfRefusal(win, 565);
  const answer = { listenerId: 3, get gdprApplies(): boolean { throw new Error('CMP getter'); } };
  // Today: throws 'CMP getter' out of our listener into the caller (the CMP).
  expect(() => listener!(answer, true)).not.toThrow();
  expect(await asked).toBeNull();
});

// A page that made setTimeout a no-op after the tag started (the class c754e46 fixed in
// queue.ts with the timer taken at start) and a CMP that does not answer (or answers
// success: false, which the listener ignores): tcfRefusal's 500 ms fallback never runs, and
// diagnose() on a no-consent page never settles.
// Fixed (session j) in debug/tcf-refusal.ts. (Was: lead: fix in packages/tag/src/debug/tcf-refusal.ts (the timer the tag took at its start).)
// Expected: it settles null within 500 ms however the page's setTimeout behaves.
it('settles null when the CMP does not answer, on a page whose setTimeout became a no-op', async () => {
  vi.stubGlobal('setTimeout', () => 0);
  const settled = tcfRefusal({ __tcfapi: (_c: string, _v: number, callback: (d: object, ok: boolean) => void) => callback({}, false) }, 565).then((m) => `settled ${m}`);
  const bound = new Promise<string>((resolve) => realSetTimeout(() => resolve('pending after 2 s'), 2000));
  // Today: 'pending after 2 s' (and forever).
  expect(await Promise.race([settled, bound])).toBe('settled null');
});
