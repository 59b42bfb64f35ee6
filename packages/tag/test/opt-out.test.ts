import { describe, expect, it } from 'vitest';
import type { Caller } from '@audience-relay/protocol';
import type { Connection } from '../src/bridge/connection';
import { createOptOut, type OptOutHost } from '../src/opt-out';

/** A connection that records what the opt-out does with it. */
function fakeConnection(state: Connection['state'] = 'idle'): Connection & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    caller: null,
    failure: null,
    state,
    open: (boot) => void log.push(`open ${boot}`),
    drop: () => {},
    stop: () => void log.push('stop'),
    revive: () => {},
    watch: () => {},
  };
}

function host(overrides: Partial<OptOutHost> = {}): OptOutHost & { marker: boolean; log: string[] } {
  const log: string[] = [];
  const h = {
    marker: false,
    log,
    connection: fakeConnection(),
    store: { read: (): boolean => h.marker, write: (): void => void (h.marker = true) },
    deviceId: () => '1'.repeat(38),
    answered: () => true,
    stop: () => void log.push('stopped'),
    send: (_caller: Caller, uuid: string | null) => (log.push(`sent ${uuid}`), Promise.resolve()),
    consented: () => true,
    destroyed: () => false,
    shown: { now: true, when: () => {} },
    ...overrides,
  };
  return h;
}

const caller = { call: () => Promise.reject(new Error('unused')), handle: () => false, destroy: () => {} } as unknown as Caller;

describe('the opt-out', () => {
  it('made here: marks the site, stops, mounts a frame for it alone and sends it with the device ID as it was', async () => {
    const h = host();
    const optOut = createOptOut(h);
    expect(optOut.done).toBe(false);
    const made = optOut.make();
    expect([optOut.done, h.marker, h.log]).toEqual([true, true, ['stopped']]);
    expect((h.connection as ReturnType<typeof fakeConnection>).log).toEqual(['open null']);
    expect(optOut.connected(caller)).toBe(true);
    await made;
    expect(h.log).toEqual(['stopped', `sent ${'1'.repeat(38)}`]);
    // Made once: a second call does nothing.
    expect(optOut.make()).toBeUndefined();
  });

  it('made before consent: nothing is mounted until the grant, which delivers it and nothing else', async () => {
    const h = host({ consented: () => false });
    const optOut = createOptOut(h);
    await optOut.make();
    expect((h.connection as ReturnType<typeof fakeConnection>).log).toEqual(['stop']);
    h.consented = () => true;
    expect(optOut.granted()).toBe(true);
    expect((h.connection as ReturnType<typeof fakeConnection>).log).toEqual(['stop', 'open null']);
    expect(optOut.granted()).toBe(false);
  });

  it('a page whose relay was not opting out: the connection is the calls\', and the grant runs them', () => {
    const optOut = createOptOut(host());
    expect(optOut.connected(caller)).toBe(false);
    expect(optOut.granted()).toBe(false);
  });

  it('heard from the frame (another host): remembered on this origin, and everything stops', () => {
    const h = host();
    const optOut = createOptOut(h);
    optOut.heard();
    expect([optOut.done, h.marker, h.log]).toEqual([true, true, ['stopped']]);
    expect((h.connection as ReturnType<typeof fakeConnection>).log).toEqual(['stop']);
  });

  it('made in another tab: seen once this page has its fresh answer, not before', () => {
    const h = host({ answered: () => false });
    const optOut = createOptOut(h);
    h.marker = true;
    expect(optOut.elsewhere()).toBe(false);
    h.answered = () => true;
    expect(optOut.elsewhere()).toBe(true);
    expect(h.log).toEqual(['stopped']);
  });

  it('an opted-out browser starts opted out', () => {
    const h = host();
    h.marker = true;
    expect(createOptOut(h).done).toBe(true);
  });
});
