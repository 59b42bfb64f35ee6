// New-user trial (branch trial): a developer imports @audience-relay/tag in code that also runs
// on the server (Next.js, Nuxt, Astro server rendering, a Jest test in the node environment).
// createAudienceRelay there throws `ReferenceError: window is not defined` from inside the
// tag: not a RelayError, not the documented "one error naming every problem", and the config
// is not even checked first. It should throw a RelayError that says the tag runs only in a
// browser (or return an inert relay), as it does for every other bad input.
// lead: fix in tag (packages/tag/src/index.ts / create.ts); remove `.fails` then.
import { describe, expect, it } from 'vitest';
import { RelayError } from '@audience-relay/protocol';
import { createAudienceRelay } from '../src/index';

describe('createAudienceRelay outside a browser (server-side rendering)', () => {
  it.fails('throws a RelayError saying it needs a browser, not a ReferenceError from inside the tag', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    let thrown: unknown;
    try {
      createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RelayError);
    expect(String((thrown as Error).message)).toMatch(/browser/i);
  });
});
