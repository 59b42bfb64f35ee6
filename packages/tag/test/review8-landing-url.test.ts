// review8: the landing URL a queued `config` carries (snippet.js records `location.href`;
// install-global.ts passes it as the runner's third argument; commands.ts takes any string
// there) reaches relay.ts as `page.landing`, used for the first page view with no check but
// pageUrl's (any http(s) URL). The runner cannot tell the snippet's argument from a page's:
// `audienceRelay('config', cfg, anything)` called directly, or an entry pushed on the snippet's
// queue, sets it too. A landing URL of another origin cannot be this page's (pushState never
// changes the origin); a string that is no URL silently drops the first page view's URL (and,
// with autoPageView, adds a page view), where a bad pageView({ url }) is refused with an error.
import { describe, expect, it } from 'vitest';
import type { Caller, EventParams, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import type { BridgeConnector, PageContext } from '../src/services';

const result: EventResult = { uuid: '1'.repeat(38), segments: [], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

async function firstPageViews(landing: string, autoPageView = false): Promise<Array<string | null>> {
  const calls: EventParams[] = [];
  const caller: Caller = { call: (params) => (calls.push(params), Promise.resolve(result)), handle: () => false, destroy: () => {} };
  const bridge: BridgeConnector = {
    connect(handlers) {
      queueMicrotask(() => handlers.onConnect(caller, 1));
      return { stop: () => {} };
    },
  };
  const page: PageContext = { url: () => 'https://www.pub.example/article', landing, onRouteChange: () => () => {}, onRestore: () => () => {} };
  const relay = createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 1000, autoPageView }, { bridge: () => bridge, page });
  await relay.ready();
  return calls.map((c) => c.url);
}

describe('review8: the landing URL given to config', () => {
  // Fixed (session i) in packages/tag/src/relay.ts (or commands.ts): take a landing URL only when it has the page's origin (else the page's URL now); expected: the first page view is this page's
  it('a landing URL of another origin is not this page\'s first page view', async () => {
    expect(await firstPageViews('https://competitor.example/landing')).toEqual(['https://www.pub.example/article']);
  });

  // Fixed (session i) in packages/tag/src/relay.ts: a landing that pageUrl refuses falls back to page.url(); expected: one page view, with the page's URL
  it('a landing string that is no http(s) URL does not drop the first page view\'s URL, nor add one with autoPageView', async () => {
    expect(await firstPageViews('javascript:void 0', true)).toEqual(['https://www.pub.example/article']);
  });
});
