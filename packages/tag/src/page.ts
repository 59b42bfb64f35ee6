import { isHidden } from './dom';
import { listen } from './listen';
import type { PageContext } from './services';

/**
 * The host page as the relay sees it. Route changes come from the Navigation API where the
 * browser has it (it sees `history.pushState`), and from `popstate` everywhere; nothing of the
 * page's History API is patched. Restores are `pageshow` events from the back/forward cache.
 * No `unload` listener is ever registered (it would disable the back/forward cache).
 */
export function browserPage(win: Window, landing?: string): PageContext {
  return {
    url: () => win.location.href,
    landing,
    onRouteChange(listener) {
      const stops = [listen(win, 'popstate', listener), listen((win as unknown as { navigation?: EventTarget }).navigation, 'currententrychange', listener)];
      return () => stops.forEach((stop) => stop());
    },
    onRestore: (listener) =>
      listen(win, 'pageshow', (event) => {
        if ((event as PageTransitionEvent).persisted) listener();
      }),
    // `visibilitychange` to hidden is the last event a page reliably gets (tab switch, app
    // switch on mobile, navigation); `pagehide` covers browsers that skip it on unload.
    onHide(listener) {
      const stops = [
        listen(win.document, 'visibilitychange', () => isHidden(win.document) && listener()),
        listen(win, 'pagehide', listener),
      ];
      return () => stops.forEach((stop) => stop());
    },
    whenShown(start) {
      if ((win.document as { prerendering?: boolean }).prerendering === true) listen(win.document, 'prerenderingchange', start);
      else start();
    },
  };
}
