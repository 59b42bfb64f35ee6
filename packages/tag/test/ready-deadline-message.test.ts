// @vitest-environment happy-dom
// New-user trial (trial4): the QA scenario page asks `audienceRelay('ready', { timeoutMs: 800 })`
// through the snippet, and shows "timeout — CALL_TIMEOUT: no fresh segments within 689 ms":
// the tag gives a call the snippet queued what is left of its deadline (docs/snippet.md), and
// the message names that rest, a figure the page never set. A publisher reading it looks for a
// 689 in their code. The deadline the page gave is the one to name.
// Fixed in packages/tag/src/commands.ts / relay.ts: the CALL_TIMEOUT message names the page's
// timeoutMs (800), however much of it was left when the tag ran the call.
import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../src/commands';
import { createAudienceRelay } from '../src/index';
import type { ReadyResult } from '../src/types';

describe("a ready the snippet queued: its timeout message names the page's deadline", () => {
  it('ready({ timeoutMs: 800 }) made 200 ms before the tag ran says "within 800 ms"', async () => {
    const run = createCommandRunner(createAudienceRelay);
    // A DCS that never answers here (happy-dom loads no frame): the deadline decides.
    await run('config', { partner: 'acme', dcs: 'https://dcs.example', connectTimeoutMs: 5000 });
    try {
      const result = (await run('ready', { timeoutMs: 800 }, Date.now() - 200)) as ReadyResult;
      expect(result.status).toBe('timeout');
      expect(result.error?.message).toMatch(/^no fresh segments within 800 ms(:|$)/);
    } finally {
      await run('destroy');
    }
  });
});
