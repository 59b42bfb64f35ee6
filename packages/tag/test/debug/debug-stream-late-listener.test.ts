// @vitest-environment happy-dom
// New-user trial (trial4): docs/debugging.md shows the typed debug stream an npm app listens
// to, `relay.on('debug', fn)`, starting with `{ type: 'consent', consent }` ("consent as read").
// On a page without a CMP, consent is read inside createAudienceRelay itself, before the app can
// call `on`: the app's listener never hears it (in a browser, the Vite app of the trial heard
// 'sent' and 'answered' only; a snippet page's `audienceRelay('on', 'debug', fn)` right after
// `config` did too). A 'segments' listener added late gets the current state at once;
// a 'debug' listener gets nothing of the consent the relay is running on.
// Fixed in packages/tag/src/relay.ts: the consent event is emitted at the end of the task.
import { describe, expect, it } from 'vitest';
import { createAudienceRelay, type DebugEvent } from '../../src/index';

describe("the debug stream's consent, for a listener added right after createAudienceRelay", () => {
  it('on a page without a CMP, the listener hears the consent the relay runs on', async () => {
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example', timeoutMs: 200, connectTimeoutMs: 300 });
    const events: DebugEvent[] = [];
    relay.on('debug', (event) => void events.push(event));
    // The positive signal that the relay's start is over: ready has settled (the frame cannot
    // connect in happy-dom), and the snapshot already says consent is granted.
    await relay.ready();
    expect(relay.snapshot().consent.state).toBe('granted');
    expect(events.filter((event) => event.type === 'consent').map((event) => event.type === 'consent' && event.consent.state)).toEqual(['granted']);
    relay.destroy();
  });
});
