import { describe, expect, it } from 'vitest';
import { CLIENT_KEYS, CONTROL_KEYS } from '../packages/mock-dcs/src/event/handle-event';
import { isReservedKey, isSignalKey } from '../packages/protocol/src/limits';

// A `d_` key the DCS reads as a control parameter (a declared ID, a device ID, the answer's
// format) or as client bookkeeping is not the page's to send as a signal: `d_cid_ns=6%01x`
// given as a signal would declare a customer ID past the `ids` call's checks and limits. The
// tag's list and the emulator's must not drift apart: every `d_` key mock-dcs treats as
// control or client bookkeeping is refused by the tag.
describe('reserved keys: the tag refuses every d_ key the DCS reads as more than a signal', () => {
  const dKeys = [...CONTROL_KEYS, ...CLIENT_KEYS].filter((key) => key.startsWith('d_'));

  it.each(dKeys)('%s', (key) => {
    expect(isReservedKey(key)).toBe(true);
    expect(isSignalKey(key)).toBe(false);
    expect(isSignalKey(key.toUpperCase().replace('D_', 'd_'))).toBe(false);
  });

  it('the lists are not empty, and a plain d_ signal still passes', () => {
    expect(dKeys.length).toBeGreaterThan(25);
    expect(isSignalKey('d_zip')).toBe(true);
  });
});
