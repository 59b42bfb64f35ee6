// attack5: named-element clobbering, the debug bundle's members. The tag and the outputs bundle
// read `document` through the DOM prototypes (tag/src/dom.ts; hostile-clobbering.spec.ts proves
// 14 names), but the debug bundle's panel (tag/src/debug/panel.ts) calls `doc.createElement(…)`
// and reads `doc.body` / `doc.documentElement` on the document itself: a page with
// `<img name="createElement">` (or a form, embed, object, iframe of that name) makes
// `audienceRelay('debug')`, and `?audience-relay-debug`, fail with
// "TypeError: doc.createElement is not a function"; `<form name="body">` puts the panel inside
// the page's form (a submit button of the panel would submit it).
// Severity LOW: the debug tool only (the support path for "why no segments?" on exactly the
// odd pages that need it); nothing is thrown into the page (the call rejects).
// Fixed (session g) in packages/tag/src/debug/panel.ts (createElementIn / bodyOf from tag/src/dom.ts, as
//   the tag and bundle-loader.ts do).
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('a document clobbered by <img name=createElement>, <form name=body>: debug() still opens the panel, in the body', async ({ page, openLab }) => {
  const lab = await openLab({
    markup: '<img name="createElement" alt=""><form name="body"></form><embed name="documentElement">',
    calls: `
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status + ' ' + r.segments.join(','));
        return audienceRelay('debug');
      }).then(function () { report('debug opened'); }, function (e) { report('debug rejected ' + e); });`,
  });
  // The names really shadow the built-ins (else this test proves nothing).
  expect(await page.evaluate(() => [typeof document.createElement, document.body instanceof HTMLFormElement])).toEqual(['object', true]);
  await lab.reported(/^ready fresh 5001/);
  expect(await lab.reported(/^debug /)).toBe('debug opened');
  await expect(page.getByTestId('debug-panel')).toBeVisible();
  // In the page's <body>, not inside the page's form.
  expect(await page.evaluate(() => document.querySelector('[data-audience-relay-debug]')?.parentElement?.tagName)).toBe('BODY');
  expect(lab.ourErrors()).toEqual([]);
});
