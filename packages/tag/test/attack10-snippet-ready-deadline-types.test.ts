// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "enableJavaScriptEvaluation": true, "disableJavaScriptFileLoading": true, "handleDisabledFileLoadingAsSuccess": true } }
// attack10: 74ced4d gives a ready deadline the tag refuses the 10 s any call waits, so the tag
// (which takes whole milliseconds 1..30000, numbers only: check.ts checkMs) answers BAD_REQUEST
// instead of the snippet settling it `blocked` while the tag is still loading. The snippet's
// test is `t > 0 && t <= 3e4`, which coerces: `true` (1 ms), `'500'` (500 ms), `0.5` (0.5 ms),
// `[5]` (5 ms) and `{ valueOf }` pass it, and the call settles `blocked` (TAG_BLOCKED, "the tag
// did not load") within 500 ms on a page whose tag loads fine a moment later: the class the
// commit fixed, through types it did not look at (its own comment says "a string" gets 10 s).
// lead: fix in packages/tag/src/snippet/snippet.js (a deadline the tag takes is a number: e.g.
// `t % 1 == 0` / `typeof t == 'number'` before the range test).
// Expected: none of these settles before 10 s while the tag has not come.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';

const snippet = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../dist/snippet.min.js'), 'utf8');
const holding = (event: Event): void => {
  if ((event.target as Element | null)?.matches?.('script[src]')) event.stopImmediatePropagation();
};
document.addEventListener('load', holding, true);
document.addEventListener('error', holding, true);
type Global = (...args: unknown[]) => Promise<unknown>;
const host = window as unknown as Record<string, Global | undefined>;

afterEach(() => {
  vi.unstubAllGlobals();
  delete host.audienceRelay;
  (Reflect.get(Document.prototype, 'head', document) as HTMLHeadElement).replaceChildren();
  vi.useRealTimers();
});

it('a ready deadline of another type than a whole number (true, "500", 0.5, [5], { valueOf }) waits the 10 s, not settled blocked at once', async () => {
  vi.useFakeTimers();
  const script = Reflect.get(Document.prototype, 'createElement', document).call(document, 'script') as HTMLScriptElement;
  script.setAttribute('data-src', 'https://dcs.example/audience-relay.js');
  script.textContent = snippet;
  (Reflect.get(Document.prototype, 'head', document) as HTMLHeadElement).appendChild(script);
  const settled: string[] = [];
  const deadlines: [string, unknown][] = [['true', true], ['"500"', '500'], ['0.5', 0.5], ['[5]', [5]], ['valueOf', { valueOf: () => 50 }]];
  for (const [name, timeoutMs] of deadlines) void host.audienceRelay!('ready', { timeoutMs }).then((r) => settled.push(`${name} ${(r as { status: string }).status}`));
  // The tag is still loading (a slow CDN: 1 s). Today: all five settled 'blocked' by 500 ms.
  await vi.advanceTimersByTimeAsync(1000);
  expect(settled).toEqual([]);
  await vi.advanceTimersByTimeAsync(9000);
  expect(settled).toHaveLength(5);
});

// The same test on a BigInt deadline (`{ timeoutMs: 10n }`) passes the range check and hands
// 10n to setTimeout, which throws a TypeError inside the snippet's promise executor: `ready`,
// which never rejects (it settles a ReadyResult), rejects with an exception of ours. (Before
// 74ced4d too, through `|| 1e3`: the same line.)
// Fixed (session j) in snippet.js: only a whole number of 1..30000 is a deadline there. (Was: lead: fix in packages/tag/src/snippet/snippet.js (same fix: only a number is a deadline).)
// Expected: ready({ timeoutMs: 10n }) waits 10 s for the tag and resolves blocked, never rejects.
it('a BigInt ready deadline does not make ready reject with a TypeError', async () => {
  vi.useFakeTimers();
  // The browser's setTimeout takes its delay with ToNumber (`+delay`), which throws on a BigInt
  // in Chromium, Firefox and Safari; the fake timers' does not, so it is given that here.
  const fake = window.setTimeout;
  vi.stubGlobal('setTimeout', (run: () => void, delay?: unknown, ...rest: unknown[]) => fake(run, +(delay as number), ...rest));
  const script = Reflect.get(Document.prototype, 'createElement', document).call(document, 'script') as HTMLScriptElement;
  script.setAttribute('data-src', 'https://dcs.example/audience-relay.js');
  script.textContent = snippet;
  (Reflect.get(Document.prototype, 'head', document) as HTMLHeadElement).appendChild(script);
  const outcome = host.audienceRelay!('ready', { timeoutMs: 10n }).then(
    (r) => `resolved ${(r as { status: string }).status}`,
    (error: unknown) => `rejected ${String(error)}`,
  );
  await vi.advanceTimersByTimeAsync(10_000);
  // Today: 'rejected TypeError: …'.
  expect(await outcome).toBe('resolved blocked');
});
