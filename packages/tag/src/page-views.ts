import { pageUrl } from './api-checks';
import { microtask, NativeURL } from './platform';
import type { PageContext } from './services';

/** The page views of one relay: the URL of the last, and those made for the page's routes. */
export interface PageViews {
  /** The last page view's URL, as sent to the DCS (null: none it may get). */
  readonly url: string | null;
  /**
   * A page view of `url` (the page's URL now by default). `route`: heard from a route change,
   * its call waits to the end of the task for the router's signals.
   */
  view(url?: string, route?: boolean): void;
  /**
   * Before a call of the page's: with `autoPageView`, a route no watcher heard (a browser
   * without the Navigation API hears no `pushState`: Firefox before 147, Safari before 26.2)
   * is its page view now, which the call joins.
   */
  follow(): void;
  stop(): void;
}

/**
 * `send` makes a page view's event call, the first one at once. The first page view's URL: the landing URL a queued
 * `config` carries, if it is of this page's origin (a route taken before the tag came never
 * changes it) and one the DCS may get; else the URL now. With `autoPageView`, each route the
 * page takes is a page view, and so is a route taken before the tag came (after the calls the
 * snippet queued on the landing page, unless their replay made it already: `commands.ts`).
 */
export function createPageViews(page: PageContext, autoPageView: boolean, send: (url: string | null, route: boolean) => void): PageViews {
  const now = pageUrl(page.url());
  const landing = pageUrl(page.landing ?? '');
  let url = landing && now && landing.startsWith(`${new NativeURL!(now).origin}/`) ? landing : now;
  const view = (at = page.url(), route = false): void => {
    url = pageUrl(at);
    send(url, route);
  };
  const routed = (): boolean => pageUrl(page.url()) !== url;
  // The first page view always makes an event call, even with no signals: it returns the
  // visitor's segments from the profile.
  send(url, false);
  // Until then the snippet's queue replays, each call with the URL it was made on
  // (`commands.ts` route): `follow` waits for it.
  let replayed = false;
  if (autoPageView)
    microtask(() => {
      replayed = true;
      if (routed()) view();
    });
  const stop = autoPageView ? page.onRouteChange(() => routed() && view(page.url(), true)) : () => {};
  return {
    get url() {
      return url;
    },
    view,
    follow: () => replayed && routed() && view(page.url(), true),
    stop,
  };
}
