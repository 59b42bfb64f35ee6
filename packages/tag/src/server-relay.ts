import { RelayError } from '@audience-relay/protocol';
import { createRelay } from './relay';
import type { AudienceRelay, AudienceRelayConfig, OutputsValidator } from './types';

/**
 * The relay where there is no browser page: server-side rendering (a Next.js or Nuxt page
 * evaluates the app's modules on the server first), or a test runner without a DOM. The
 * config is checked as in the browser, bad input is refused as there, and every call
 * settles; nothing is stored, mounted or sent. `ready` gives `blocked`, with a
 * `CONNECTION_TIMEOUT` error that says why. In the browser the app's module runs again, and
 * `createAudienceRelay` connects there.
 */
export function createServerRelay(config: AudienceRelayConfig, validateOutputs?: OutputsValidator): AudienceRelay {
  return createRelay(config, {
    ...(validateOutputs ? { validateOutputs } : {}),
    bridge: () => ({
      connect(handlers) {
        handlers.onFail(new RelayError('CONNECTION_TIMEOUT', NO_PAGE));
        return { stop() {} };
      },
    }),
    // `diagnose` says why here, rather than that the build has no debug tools (it has them);
    // the panel needs a page.
    debugTools: async () => ({
      diagnose: (snapshot) => ({ ok: false, summary: `No segments: ${NO_PAGE}.`, reasons: [{ code: 'no-browser-page', message: NO_PAGE }], snapshot }),
      panel() {
        throw new RelayError('BAD_REQUEST', `no debug panel: ${NO_PAGE}`);
      },
    }),
  });
}

const NO_PAGE = 'no browser page here (window and document are not defined, as in server-side rendering): the relay connects in the browser';
