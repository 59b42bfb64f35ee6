// New-user trial (branch trial): a page with `consent: { requireTcf: true }` and no TCF CMP
// at all (the CMP script failed to load, or was never added). diagnose() says "The page's
// consent management platform refused", so the publisher goes looking for a refusal in a CMP
// that is not there. With no CMP (gdpr null), the reason is the config's requireTcf: the
// diagnosis should say so (no TCF CMP answered on this page, and consent.requireTcf counts
// that as a refusal: load the CMP before the tag).
// Fixed in debug/diagnose.ts.
import { describe, expect, it } from 'vitest';
import { NO_CMP } from '../../src/consent/consent';
import { diagnose } from '../../src/debug/diagnose';
import { blockedSnapshot } from './blocked-snapshot';

// What the consent reader gives for requireTcf on a page without __tcfapi (consent.ts); the
// frame never mounted.
const noCmpRequired = blockedSnapshot({ consent: { ...NO_CMP, state: 'denied' }, frame: 'idle', failure: null });

describe('diagnose: consent.requireTcf on a page without a TCF CMP', () => {
  it('names the missing CMP and requireTcf, not a refusal by a CMP', () => {
    const { summary } = diagnose(noCmpRequired);
    expect(summary).not.toMatch(/refused/);
    expect(summary).toMatch(/requireTcf/);
  });
});
