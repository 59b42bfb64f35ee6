// Named-element clobbering, beyond qa/clobbered.html (hostile-page.spec.ts): a page's images,
// forms, embeds and ids become properties of `document` and `window`, over the built-ins the
// tag and its outputs bundle use. The elements stand before the snippet, so they are there
// when the tag runs.
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('document clobbered everywhere the tag and its outputs look (body, head, documentElement, defaultView, cookie, dispatchEvent…): fresh segments, every output applied, nothing thrown', async ({ page, openLab }) => {
  const names = ['cookie', 'currentScript', 'createElement', 'body', 'head', 'documentElement', 'defaultView', 'visibilityState', 'addEventListener', 'removeEventListener', 'dispatchEvent', 'location', 'hidden', 'readyState'];
  // Every kind of element a document's named properties take: img, form, embed, object, iframe.
  const tags = ['img', 'form', 'embed', 'object', 'iframe'];
  const markup = names.map((name, i) => `<${tags[i % tags.length]} name="${name}"${tags[i % tags.length] === 'img' ? ' alt=""' : ''}></${tags[i % tags.length]}>`).join('\n');
  const lab = await openLab({
    markup,
    config: { outputs: { gpt: { key: 'aud' }, cookie: { name: 'lab_seg' }, dataLayer: true, domEvent: true } },
    calls: `
      EventTarget.prototype.addEventListener.call(document, 'audience-relay:segments', function (e) { report('dom event ' + e.detail.segments.join(',')); });
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status + ' ' + r.segments.join(','));
      });`,
  });
  // The page's names really shadow the built-ins (else this test proves nothing).
  expect(await page.evaluate(() => [typeof document.createElement, document.body instanceof HTMLBodyElement, typeof document.cookie, document.head instanceof HTMLHeadElement])).toEqual(['object', false, 'object', false]);
  await lab.reported(/^ready fresh 5001(,5005)?$/);
  // The outputs bundle ran on the clobbered document too: its cookie and its DOM event.
  await lab.reported(/^dom event 5001(,5005)?$/);
  await expect.poll(() => page.evaluate(() => Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!.get!.call(document) as string)).toMatch(/lab_seg=5001/);
  expect(await page.evaluate(() => ((window as unknown as { dataLayer: Array<{ segments?: string[] }> }).dataLayer ?? []).map((e) => e.segments?.join(',')))).toEqual(['5001']);
  expect(lab.ourErrors()).toEqual([]);
});

test('window clobbered by ids and names (addEventListener, removeEventListener, googletag, pbjs, dataLayer, CMP locators): the tag still connects and throws nothing into the page', async ({ page, openLab }) => {
  // Window's named properties shadow any global the page has not defined (not the built-ins
  // of its prototypes: \`window.addEventListener\` stays, the visibility rule of named properties).
  const markup = `
    <div id="addEventListener"></div>
    <img name="removeEventListener" alt="">
    <div id="googletag"></div>
    <form id="pbjs"></form>
    <div id="dataLayer"></div>
    <div id="__tcfapiLocator"></div>
    <img name="__gppLocator" alt="">
    <div id="__uspapiLocator"></div>
    <div id="__tcfapi"></div>
    <div id="audience-relay"></div>`;
  const lab = await openLab({
    markup,
    config: { outputs: { gpt: { key: 'aud' }, prebid: { name: 'dcs.example' }, dataLayer: true } },
  });
  expect(await page.evaluate(() => [typeof window.addEventListener, String((window as unknown as { googletag: unknown }).googletag)])).toEqual(['function', '[object HTMLDivElement]']);
  await lab.reported(/^ready fresh - 5001(,5005)?$/);
  await lab.reported('done');
  expect(lab.ourErrors()).toEqual([]);
});
