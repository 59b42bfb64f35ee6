// @ts-check
// npm run bench:host-cpu: where the host page's main-thread script time goes (issue 18's budget:
// ours ≤ the minimal-iframe page's + 5 ms). CDP `ScriptDuration` on the thread's CPU clock, the
// median of HOST_CPU_LOADS cold loads (default 10) of each page, alternated:
//
// 1. By stage of the tag: the minimal-iframe baseline; the tag loaded with no config (its
//    download, compile and evaluation); the config with a CMP that never answers (the relay
//    made, waiting on consent); with consent refused by a TCF CMP (what an earlier page stored
//    is forgotten, nothing mounted); the bench's own page (mounted, answered, `ready` fresh).
// 2. What one first use of a platform interface costs a page (each page does that one thing in
//    an inline script; an empty script is the floor). Chromium makes an interface's bindings on
//    its first use in a document: each one the tag touches at start costs the page a few tenths
//    of a millisecond, whatever the tag then does with it.
import { chromium } from '@playwright/test';
import { demoConfig, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions } from '@audience-relay/testing';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { startExamplesServer } from '../examples/server.mjs';
import { startDcsFront } from './dcs-front.mjs';

const LOADS = Number(process.env.HOST_CPU_LOADS ?? 10);

/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? /** @type {number} */ (sorted[mid]) : (/** @type {number} */ (sorted[mid - 1]) + /** @type {number} */ (sorted[mid])) / 2;
};

// A TCF CMP that refuses: the relay is made and its consent read, but nothing is mounted.
const REFUSING_CMP =
  "window.__tcfapi=function(c,v,cb){if(c==='addEventListener')cb({gdprApplies:true,eventStatus:'tcloaded',tcString:'x',purpose:{consents:{}},vendor:{consents:{}},publisher:{restrictions:{}}},true)};";
const DONE_LATER = 'setTimeout(function(){window.__bench={}},400);';
/** The tag pages, by stage, served by this script with the built snippet. @type {Record<string, string>} */
const STAGES = {
  'tag, no config': `audienceRelay('ready',{timeoutMs:30000});${DONE_LATER}`,
  // A CMP that never answers: the relay made and waiting on consent.
  'config, CMP silent': `window.__tcfapi=function(){};audienceRelay('config',{partner:'acme',dcs:'{{DCS}}'});${DONE_LATER}`,
  'config, consent refused': `${REFUSING_CMP}audienceRelay('config',{partner:'acme',dcs:'{{DCS}}'});audienceRelay('signals',{c_section:'sports'});${DONE_LATER}`,
};

/** One first use each. @type {Record<string, string>} */
const FIRST_USES = {
  'an empty script': '',
  'localStorage.getItem': "localStorage.getItem('x')",
  'globalThis.cookieStore': 'globalThis.cookieStore',
  'document.cookie': 'document.cookie',
  'MessageEvent.prototype': "Object.getOwnPropertyDescriptor(MessageEvent.prototype,'data')",
  'new MessageChannel()': 'new MessageChannel()',
  "addEventListener('storage')": "addEventListener('storage',function(){})",
  'new URL()': "new URL('https://a.example/')",
  "'keepalive' in Request.prototype": "'keepalive' in Request.prototype",
  "createElement('script'), src set": "document.createElement('script').src='/x.js'",
  'a script element inserted': "var s=document.createElement('script');s.src='/x.js';document.head.appendChild(s)",
};

/** @param {import('@playwright/test').Browser} browser @param {string} url */
async function scriptCpuMs(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cpu = await context.newCDPSession(page);
    await cpu.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(url);
    // Polled every 100 ms, not on every frame: Playwright's polling runs on the thread measured.
    await page.waitForFunction(() => /** @type {any} */ (window).__bench, null, { timeout: 15000, polling: 100 });
    const { metrics } = await cpu.send('Performance.getMetrics');
    return /** @type {number} */ (metrics.find((m) => m.name === 'ScriptDuration')?.value) * 1000;
  } finally {
    await context.close();
  }
}

const dcs = await startMockDcs();
const examples = await startExamplesServer({ dcsUrl: dcs.url });
const front = await startDcsFront({ dcsPort: dcs.port });
const frameExamples = await startExamplesServer({ dcsUrl: front.url });
dcs.setConfig(demoConfig([examples.url]));
// The bench page's head: the built snippet, loading the tag from the DCS.
const head = `<script data-src="${dcs.url}/audience-relay.js">${readFileSync('packages/tag/dist/snippet.min.js', 'utf8')}</script>`;
const pages = createServer((req, res) => {
  const stage = STAGES[decodeURIComponent(req.url?.slice(7) ?? '')];
  const use = FIRST_USES[decodeURIComponent(req.url?.slice(5) ?? '')];
  const body =
    req.url?.startsWith('/stage/') && stage !== undefined
      ? `<!doctype html><html><head><meta charset="utf-8">${head}<script>${stage.replaceAll('{{DCS}}', dcs.url)}</script></head><body></body></html>`
      : req.url?.startsWith('/use/') && use !== undefined
        ? `<!doctype html><script>${use};window.__bench={}</script>`
        : null;
  res.writeHead(body ? 200 : 404, { 'content-type': 'text/html' }).end(body ?? '');
});
await new Promise((resolve) => pages.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = /** @type {import('node:net').AddressInfo} */ (pages.address());
// The tag pages on the examples' site name (the DCS allows that origin), the first uses on localhost.
const site = new URL(examples.url);
const stagesUrl = `${site.protocol}//${site.hostname}:${address.port}/stage/`;
const usesUrl = `http://localhost:${address.port}/use/`;

const browser = await chromium.launch(launchOptions());
try {
  /** @type {Record<string, number[]>} */
  const stages = {};
  /** @type {Record<string, number[]>} */
  const uses = {};
  for (let i = 0; i < LOADS; i++) {
    (stages['minimal-iframe baseline'] ??= []).push(await scriptCpuMs(browser, `${frameExamples.url}/bench/iframe-baseline.html`));
    for (const name of Object.keys(STAGES)) (stages[name] ??= []).push(await scriptCpuMs(browser, stagesUrl + encodeURIComponent(name)));
    (stages['the bench page (ready fresh)'] ??= []).push(await scriptCpuMs(browser, `${examples.url}/bench/tag.html`));
    for (const name of Object.keys(FIRST_USES)) (uses[name] ??= []).push(await scriptCpuMs(browser, usesUrl + encodeURIComponent(name)));
  }
  console.log(`host page's script time on the CPU clock, median of ${LOADS} cold loads each, ms`);
  for (const [name, values] of Object.entries(stages)) console.log(`${median(values).toFixed(2).padStart(7)}  ${name}`);
  console.log('one first use on a page of its own');
  for (const [name, values] of Object.entries(uses)) console.log(`${median(values).toFixed(2).padStart(7)}  ${name}`);
} finally {
  await browser.close();
  pages.close();
  await Promise.all([dcs.close(), examples.close(), front.close(), frameExamples.close()]);
}
