// @vitest-environment happy-dom
// New-user trial (trial5): `config` refuses an unknown option ("every config error is reported",
// config-reference.md), but the options of two commands take any key in silence. An SPA that
// writes `pageView({ uri: '/golf/' })` (for `url`) sends a page view for the URL the browser
// shows, not the one it meant, with no error anywhere; `ready({ timeout: 300 })` (for
// `timeoutMs`) waits the config's deadline instead, so an auction gated on it waits 1 s, not
// 300 ms. Both through the snippet too (`audienceRelay('pageView', { uri })` resolves).
// Fixed (session g) in packages/tag/src/api-checks.ts (or commands.ts): an unknown key of the
// pageView / ready options is a BAD_REQUEST naming it, as in config.
import { describe, expect, it } from 'vitest';
import { createAudienceRelay, RelayError } from '../src/index';

describe('unknown keys in command options', () => {
  it('pageView({ uri }) is refused, naming the unknown key, instead of sending location.href', () => {
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example', connectTimeoutMs: 60_000 });
    try {
      expect(() => relay.pageView({ uri: 'https://www.publisher.example/golf/' } as never)).toThrow(RelayError);
      expect(() => relay.pageView({ uri: 'https://www.publisher.example/golf/' } as never)).toThrow(/uri/);
    } finally {
      relay.destroy();
    }
  });

  it('ready({ timeout }) is refused, naming the unknown key, instead of waiting the default deadline', async () => {
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example', connectTimeoutMs: 60_000, timeoutMs: 2000 });
    try {
      await expect(relay.ready({ timeout: 50 } as never)).rejects.toThrow(/timeout/);
    } finally {
      relay.destroy();
    }
  });
});
