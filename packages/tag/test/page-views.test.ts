import { describe, expect, it } from 'vitest';
import { createPageViews } from '../src/page-views';
import type { PageContext } from '../src/services';
import { nextTask } from './next-task';

function site(start: string, landing?: string) {
  let href = start;
  let route = (): void => {};
  const page: PageContext = {
    url: () => href,
    ...(landing !== undefined ? { landing } : {}),
    onRouteChange: (listener) => {
      route = listener;
      return () => (route = () => {});
    },
    onRestore: () => () => {},
  };
  return { page, go: (to: string) => ((href = to), route()), move: (to: string) => (href = to) };
}

describe('createPageViews', () => {
  it('the first page view goes at once, of the URL as the DCS may get it', () => {
    const sent: unknown[] = [];
    const views = createPageViews(site('https://pub.example/a?q=1#x').page, false, (url, route) => sent.push([url, route]));
    expect([sent, views.url]).toEqual([[['https://pub.example/a', false]], 'https://pub.example/a']);
  });

  it('the landing URL of a queued config, when of this origin; else the URL now', () => {
    const same: unknown[] = [];
    createPageViews(site('https://pub.example/b', 'https://pub.example/a').page, false, (url) => same.push(url));
    const other: unknown[] = [];
    createPageViews(site('https://pub.example/b', 'https://evil.example/a').page, false, (url) => other.push(url));
    expect([same, other]).toEqual([['https://pub.example/a'], ['https://pub.example/b']]);
  });

  it('with autoPageView: a route taken before the tag came follows in a microtask; each new route is a page view, the same URL is not', async () => {
    const s = site('https://pub.example/b', 'https://pub.example/a');
    const sent: unknown[] = [];
    const views = createPageViews(s.page, true, (url, route) => sent.push([url, route]));
    await nextTask();
    s.go('https://pub.example/c?x=1');
    s.go('https://pub.example/c?x=2');
    views.stop();
    s.go('https://pub.example/d');
    expect(sent).toEqual([
      ['https://pub.example/a', false],
      ['https://pub.example/b', false],
      ['https://pub.example/c', true],
    ]);
  });

  it('without autoPageView: routes are not watched; the page names its views', async () => {
    const s = site('https://pub.example/a');
    const sent: unknown[] = [];
    const views = createPageViews(s.page, false, (url) => sent.push(url));
    s.go('https://pub.example/b');
    await nextTask();
    views.view('https://pub.example/named');
    s.move('https://pub.example/c');
    views.view();
    expect([sent, views.url]).toEqual([['https://pub.example/a', 'https://pub.example/named', 'https://pub.example/c'], 'https://pub.example/c']);
  });

  it('follow: a route no watcher heard (no Navigation API) is its page view before the next call; without autoPageView, nothing', async () => {
    const s = site('https://pub.example/a');
    const sent: unknown[] = [];
    const views = createPageViews(s.page, true, (url, route) => sent.push([url, route]));
    await nextTask();
    views.follow();
    s.move('https://pub.example/b');
    views.follow();
    views.follow();
    expect(sent).toEqual([
      ['https://pub.example/a', false],
      ['https://pub.example/b', true],
    ]);
    const off = site('https://pub.example/a');
    const none: unknown[] = [];
    const plain = createPageViews(off.page, false, (url) => none.push(url));
    off.move('https://pub.example/b');
    plain.follow();
    expect(none).toEqual(['https://pub.example/a']);
  });
});

