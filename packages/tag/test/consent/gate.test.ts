import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsentGate } from '../../src/consent/gate';
import type { Consent } from '../../src/types';

const reading = (state: Consent['state'], tcString: string | null = 'CO-old'): Consent => ({ state, gdpr: 1, tcString, gpp: null, gppSid: [], usPrivacy: null, gpc: false }) as unknown as Consent;

describe('the consent gate', () => {
  afterEach(() => vi.useRealTimers());

  const gate = () => {
    const heard: string[] = [];
    const g = createConsentGate(reading('pending'), 1000, {
      opened: () => heard.push('opened'),
      withdrawn: () => heard.push('withdrawn'),
      changed: (c) => heard.push(`changed ${c.state}`),
    });
    return { g, heard };
  };

  it('waits, goes late at its deadline, and still opens on a late grant', () => {
    vi.useFakeTimers();
    const { g, heard } = gate();
    expect(g.state).toBe('waiting');
    vi.advanceTimersByTime(1000);
    expect([g.state, g.late]).toEqual(['late', true]);
    g.update(reading('granted'));
    expect(g.state).toBe('open');
    expect(heard).toEqual(['changed pending', 'opened', 'changed granted']);
  });

  it('a grant refused later is a withdrawal', () => {
    const { g, heard } = gate();
    g.update(reading('granted'));
    g.update(reading('denied'));
    expect(g.state).toBe('closed');
    expect(heard).toEqual(['opened', 'changed granted', 'withdrawn', 'changed denied']);
    g.stop();
  });

  it('overruled (withdrawn on another page): the CMP\'s old grant given again changes nothing; a new reading does', () => {
    const { g, heard } = gate();
    g.update(reading('granted'));
    g.overrule();
    expect(g.state).toBe('closed');
    expect(heard.slice(2)).toEqual(['withdrawn', 'changed denied']);
    g.update(reading('granted'));
    expect(g.state).toBe('closed');
    expect(heard).toHaveLength(4);
    // A new choice (another TC string) opens it again, and after it the old one counts as any reading.
    g.update(reading('granted', 'CO-new'));
    expect(g.state).toBe('open');
    g.update(reading('denied'));
    g.update(reading('granted'));
    expect(g.state).toBe('open');
    g.stop();
  });

  it('overruled under TCF: a changed GPP or US Privacy string beside the old TC string is no new choice; without TCF it is', () => {
    const { g } = gate();
    g.update(reading('granted'));
    g.overrule();
    // A CMP that refreshes its GPP string (a US section's timestamp) or the USP string keeps the TCF choice.
    g.update({ ...reading('granted'), gpp: 'DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA', gppSid: [2] });
    g.update({ ...reading('granted'), usPrivacy: '1YNN' });
    expect(g.state).toBe('closed');
    g.stop();
    // A page without TCF: its GPP or USP string is the visitor's choice, and a new one opens the gate.
    const other = gate();
    other.g.update({ ...reading('granted', null), usPrivacy: '1YNN' });
    other.g.overrule();
    other.g.update({ ...reading('granted', null), usPrivacy: '1YNN' });
    expect(other.g.state).toBe('closed');
    other.g.update({ ...reading('granted', null), usPrivacy: '1NNN' });
    expect(other.g.state).toBe('open');
    other.g.stop();
  });

  it('a gate made again on the page (a relay configured again) starts from the overruled reading: refused, and the old grant changes nothing', () => {
    const kept = { value: null as Consent | null };
    const first = createConsentGate(reading('pending'), 1000, { opened: () => {}, withdrawn: () => {}, changed: () => {} }, kept);
    first.update(reading('granted'));
    first.overrule();
    first.stop();
    const heard: string[] = [];
    const again = createConsentGate(reading('pending'), 1000, { opened: () => heard.push('opened'), withdrawn: () => {}, changed: () => {} }, kept);
    expect(again.state).toBe('closed');
    again.update(reading('granted'));
    expect([again.state, heard]).toEqual(['closed', []]);
    again.update(reading('granted', 'CO-new'));
    expect([again.state, heard, kept.value]).toEqual(['open', ['opened'], null]);
    again.stop();
  });
});
