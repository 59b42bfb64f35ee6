// attack5: built-ins the page broke BEFORE the snippet and the tag ran (hostile-platform.spec.ts
// and hostile-after-start.spec.ts cover others; of 77 such members tried on the built files in
// Chromium, these four break a promise of the README: `ready` "resolves by its deadline, never
// rejects", every call settles, "no exception is thrown into the page").
// Severity LOW for all four: each needs a page that broke an ES built-in, though an
// Array.prototype index setter is the old JSON-hijacking trick and some polyfill bundles do
// replace Date.now / Promise statics.
// lead: fix in packages/tag/src/snippet/snippet.js (cases 1-3: the snippet's Promise executor
//   pushes onto `queue`/`call` and calls Date.now(), both of which a page can make throw, so the
//   call REJECTS, ready included; its prologue reads Reflect.get / Object.getOwnPropertyDescriptor
//   outside any try, so the snippet throws into the page and never defines the global: the
//   page's own next line `audienceRelay('config', …)` then throws ReferenceError)
// lead: fix in packages/tag/src/platform.ts (case 4: `const settled = Promise.resolve()` runs as
//   the tag evaluates; with Promise.resolve deleted the tag throws a TypeError into the page
//   (window 'error'), ready settles `blocked`)
import { expect } from './fixtures';
import { PAGE_OWNED, test } from './hostile-lab';

const thrower = (what: string): string => `function () { throw new Error('${PAGE_OWNED}: ${what}'); }`;

const CASES = [
  {
    name: 'an Array.prototype index setter that throws: ready still resolves (it rejected)',
    hostile: `Object.defineProperty(Array.prototype, '0', { configurable: true, set: ${thrower('Array.prototype[0] set')} });`,
  },
  {
    name: 'Date.now that throws: ready still resolves (it rejected)',
    hostile: `Date.now = ${thrower('Date.now')};`,
  },
  {
    name: 'Reflect.get that throws: the snippet still defines the global and ready settles (it threw into the page, no global)',
    hostile: `Reflect.get = ${thrower('Reflect.get')};`,
  },
  {
    name: 'Promise.resolve and reject deleted: nothing of ours is thrown into the page (a TypeError was)',
    hostile: 'delete Promise.resolve; delete Promise.reject;',
    fixed: true,
  },
];

// Case 4 is fixed (platform.ts makes its settled promise with the constructor). Cases 1-3 stay
// expected to fail, a known gap (docs/SECURITY.md): a built-in the page made THROW before the
// snippet ran is the page's (intrinsics.ts: no script can reach past it), and guarding each
// array write and call of the inline snippet is paid in bytes on every page view.
for (const { name, hostile, fixed } of CASES) {
  (fixed ? test : test.fail)(name, async ({ openLab }) => {
    const lab = await openLab({ hostile });
    // Fresh, or closed with a status: both keep the promise; a rejection or a throw does not.
    expect(await lab.reported(/^ready /)).toMatch(/^ready (fresh|blocked|timeout|error) /);
    expect(lab.ourErrors()).toEqual([]);
  });
}
