// @ts-check
// npm run bench:timeline: a cold load of the bench tag page, step by step, in both documents
// (the publisher page and the DCS frame): resources, the handshake's messages, the frame's
// synchronous browser calls and its /event call, each as the median over the loads, in ms
// from the page's navigation start. It is how docs/performance.md's "Where the time goes"
// is measured, and how an idea is checked before it is kept.
//
// TIMELINE_LOADS (default 12) cold loads; TIMELINE_LATENCY_MS adds that much latency to each
// /event answer (mock-dcs's fault injection), for a DCS that is not on loopback;
// TIMELINE_OUT appends every load's row as a JSON line, to compare two builds load by load.
// TIMELINE_BASELINE=1 alternates each load with one of the minimal-iframe baseline (the
// bench's, through its front) and prints that page's steps too: where the gap opens.
import { chromium } from '@playwright/test';
import { demoConfig, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions } from '@audience-relay/testing';
import { appendFileSync } from 'node:fs';
import { startExamplesServer } from '../examples/server.mjs';
import { startDcsFront } from './dcs-front.mjs';

const LOADS = Number(process.env.TIMELINE_LOADS ?? 12);
const LATENCY_MS = Number(process.env.TIMELINE_LATENCY_MS ?? 0);
const OUT = process.env.TIMELINE_OUT;
const BASELINE = !!process.env.TIMELINE_BASELINE;

/**
 * Runs first in every document of the page (the frame too): records when the document
 * starts, the messages it receives and the port messages it sends and receives, and times
 * its synchronous browser calls (document.cookie, localStorage, history.replaceState), its
 * fetches and their bodies. The marks are absolute (timeOrigin + now), so the two documents
 * share one clock.
 */
function instrument() {
  /** @type {Array<[string, number]>} */
  const log = [];
  Object.defineProperty(window, '__timeline', { value: log });
  const mark = (/** @type {string} */ what) => log.push([what, performance.timeOrigin + performance.now()]);
  /** @param {object} owner @param {string} prop @param {string} label */
  const timeGetter = (owner, prop, label) => {
    const descriptor = Object.getOwnPropertyDescriptor(owner, prop);
    if (!descriptor?.get) return;
    const get = descriptor.get;
    Object.defineProperty(owner, prop, {
      ...descriptor,
      get() {
        mark(`${label} >`);
        try {
          return get.call(this);
        } finally {
          mark(`${label} <`);
        }
      },
    });
  };
  mark('document starts');
  addEventListener('message', (event) => mark(`message ${event.data?.type}`), true);
  document.addEventListener('DOMContentLoaded', () => mark('DOMContentLoaded'));
  timeGetter(Document.prototype, 'cookie', 'document.cookie');
  timeGetter(window, 'localStorage', 'localStorage');
  timeGetter(window, 'sessionStorage', 'sessionStorage');
  // The frame's script reads its boot values first: when it starts to run (after its compile).
  const querySelector = Document.prototype.querySelector;
  let queried = false;
  Document.prototype.querySelector = /** @type {any} */ (function (/** @type {string} */ selector) {
    if (!queried) mark('first querySelector (the frame script runs)');
    queried = true;
    return querySelector.call(this, selector);
  });
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (/** @type {string} */ key) {
    mark(`getItem ${key} >`);
    try {
      return getItem.call(this, key);
    } finally {
      mark(`getItem ${key} <`);
    }
  };
  // The snippet reads the current script first, the tag next: when each starts to run.
  const currentScript = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(Document.prototype, 'currentScript'));
  let reads = 0;
  Object.defineProperty(Document.prototype, 'currentScript', {
    ...currentScript,
    get() {
      mark(['snippet runs', 'tag runs'][reads++] ?? 'currentScript read');
      return currentScript.get?.call(this);
    },
  });
  // The Cookie Store's reads: asynchronous, but the tag may wait on one.
  if (typeof CookieStore === 'function') {
    const get = CookieStore.prototype.get;
    CookieStore.prototype.get = /** @type {any} */ (function (/** @type {any[]} */ ...args) {
      mark('cookieStore.get >');
      return get.apply(this, /** @type {any} */ (args)).then((/** @type {unknown} */ cookie) => {
        mark('cookieStore.get <');
        return cookie;
      });
    });
  }
  // The frame's insertion: a synchronous call that creates the frame and starts its navigation.
  const appendChild = Node.prototype.appendChild;
  Node.prototype.appendChild = /** @type {any} */ (function (/** @type {any} */ node) {
    if (node?.nodeName !== 'IFRAME') return appendChild.call(this, node);
    mark('appendChild(iframe) >');
    try {
      return appendChild.call(this, node);
    } finally {
      mark('appendChild(iframe) <');
    }
  });
  // When the page's frame goes into the document (the observer's microtask: a little after).
  new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some((n) => n.nodeName === 'IFRAME'))) mark('iframe inserted');
  }).observe(document, { childList: true, subtree: true });
  const replaceState = history.replaceState;
  history.replaceState = function (...args) {
    mark('history.replaceState >');
    try {
      return replaceState.apply(this, args);
    } finally {
      mark('history.replaceState <');
    }
  };
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (/** @type {any} */ message, /** @type {any} */ ...rest) {
    mark(`port sends ${message?.type}${message?.method ? ` ${message.method}` : ''}`);
    return post.call(this, message, ...rest);
  };
  const onmessage = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage'));
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    ...onmessage,
    set(/** @type {(event: MessageEvent) => void} */ handler) {
      onmessage.set?.call(this, (/** @type {MessageEvent} */ event) => {
        mark(`port receives ${event.data?.type}`);
        return handler(event);
      });
    },
  });
  const fetch = window.fetch;
  window.fetch = function (...args) {
    mark('fetch >');
    return fetch.apply(this, args).then((response) => {
      mark('fetch: headers');
      return response;
    });
  };
  // The frame reads the answer as a stream (capped) and parses it with JSON.parse: the body is
  // read when its reader says it is done.
  const read = ReadableStreamDefaultReader.prototype.read;
  ReadableStreamDefaultReader.prototype.read = function () {
    return read.call(this).then((/** @type {ReadableStreamReadResult<unknown>} */ result) => {
      if (result.done) mark('fetch: body parsed');
      return result;
    });
  };
}

/**
 * One cold load: every mark of both documents and the page's resources, in ms from the
 * page's navigation start, plus `ready` resolving.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} url
 */
async function load(browser, url) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(instrument);
    const page = await context.newPage();
    await page.goto(url);
    const ready = await page.waitForFunction(() => /** @type {any} */ (window).__bench, null, { timeout: 15000 }).then((h) => h.jsonValue());
    if (ready.status !== 'fresh') throw new Error(`ready settled ${ready.status}`);
    // The frame's work after the answer (ID syncs, storage) is on the timeline too.
    await page.waitForTimeout(200);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    if (!frame) throw new Error('no frame');
    const read = () => ({ origin: performance.timeOrigin, log: /** @type {Array<[string, number]>} */ (/** @type {any} */ (window).__timeline) });
    const [top, inner] = await Promise.all([page.evaluate(read), frame.evaluate(read)]);
    /** @type {Record<string, number>} */
    const row = { 'page: ready resolves fresh': ready.at };
    for (const [where, { log }] of /** @type {const} */ ([['page', top], ['frame', inner]])) {
      for (const [what, at] of log) row[`${where}: ${what}`] ??= at - top.origin;
    }
    const resources = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => {
        const r = /** @type {PerformanceResourceTiming} */ (e);
        return { name: new URL(e.name).pathname, start: e.startTime, sent: r.requestStart, first: r.responseStart, end: r.responseEnd };
      }),
    );
    for (const { name, start, sent, first, end } of resources) {
      if (name.endsWith('favicon.ico')) continue;
      row[`page: ${name} requested`] ??= start;
      // Sent to the server and its first byte (0: the browser does not say, for a frame).
      if (sent) row[`page: ${name} request sent`] ??= sent;
      if (first) row[`page: ${name} first byte`] ??= first;
      row[`page: ${name} received`] ??= end;
    }
    return row;
  } finally {
    await context.close();
  }
}

const dcs = await startMockDcs();
const examples = await startExamplesServer({ dcsUrl: dcs.url });
const front = BASELINE ? await startDcsFront({ dcsPort: dcs.port }) : null;
const frameExamples = front ? await startExamplesServer({ dcsUrl: front.url }) : null;
dcs.setConfig(demoConfig([examples.url]));
const browser = await chromium.launch(launchOptions());
try {
  /** @type {Array<Record<string, number>>} */
  const rows = [];
  /** @type {Array<Record<string, number>>} */
  const baselineRows = [];
  for (let i = 0; i < LOADS; i++) {
    if (LATENCY_MS > 0) dcs.injectFault({ count: 1, latencyMs: LATENCY_MS });
    const row = await load(browser, `${examples.url}/bench/tag.html`);
    rows.push(row);
    if (OUT) appendFileSync(OUT, `${JSON.stringify(row)}\n`);
    if (frameExamples) {
      if (LATENCY_MS > 0) dcs.injectFault({ count: 1, latencyMs: LATENCY_MS });
      baselineRows.push(await load(browser, `${frameExamples.url}/bench/iframe-baseline.html`));
    }
  }
  const print = (/** @type {string} */ title, /** @type {Array<Record<string, number>>} */ loads) => {
    const steps = [...new Set(loads.flatMap((row) => Object.keys(row)))];
    const median = (/** @type {string} */ step) => {
      const values = loads.map((row) => row[step]).filter((v) => v !== undefined).sort((a, b) => a - b);
      return /** @type {number} */ (values[Math.floor(values.length / 2)]);
    };
    console.log(`${title}: median of ${loads.length} cold loads, ms from navigation start${LATENCY_MS ? `; /event answers ${LATENCY_MS} ms late` : ''}`);
    for (const [at, step] of steps.map((step) => /** @type {const} */ ([median(step), step])).sort((a, b) => a[0] - b[0])) {
      console.log(`${at.toFixed(1).padStart(7)}  ${step}`);
    }
  };
  print('the tag', rows);
  if (baselineRows.length) print('the minimal-iframe baseline (alternated)', baselineRows);
} finally {
  await browser.close();
  await Promise.all([dcs.close(), examples.close(), front?.close(), frameExamples?.close()]);
}
