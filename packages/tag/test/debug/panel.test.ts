// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller, EventResult } from '@audience-relay/protocol';
import { openPanel } from '../../src/debug/panel';
import { createRelay } from '../../src/relay';
import type { BridgeConnector } from '../../src/services';

afterEach(() => document.body.replaceChildren());

function relayWithFrame(answer: () => Promise<EventResult>) {
  let connect: (caller: Caller, version: number) => void = () => {};
  const bridge: BridgeConnector = {
    connect: (handlers) => {
      connect = handlers.onConnect;
      return { stop: () => {} };
    },
  };
  const relay = createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example' }, { bridge: () => bridge });
  // The relay mounts the frame in a microtask: connect after it.
  return { relay, connect: () => queueMicrotask(() => connect({ call: () => answer(), handle: () => false, destroy: () => {} }, 2)) };
}

const text = (testId: string): string[] =>
  [...document.querySelector('[data-audience-relay-debug]')!.shadowRoot!.querySelectorAll(`[data-testid="${testId}"]`)].map((n) => n.textContent ?? '');

describe('debug panel', () => {
  it('shows the diagnosis, consent, frame, identity, segments and each call with its answer, live', async () => {
    const { relay, connect } = relayWithFrame(async () => ({ uuid: '1'.repeat(38), segments: ['5001', '5002'], traits: [1001], cookies: [], identity: { source: 'new', partitioned: true } }));
    relay.signals({ c_section: 'sports' });
    await Promise.resolve();
    openPanel(window, relay);
    expect(text('debug-frame')).toEqual(['connecting · https://acme.dcs.example']);
    expect(text('debug-summary')[0]).toContain('is loading');
    connect();
    await relay.ready();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(text('debug-summary')).toEqual(['2 fresh segments: 5001, 5002.']);
    expect(text('debug-consent')).toEqual(['granted · no TCF CMP']);
    expect(text('debug-identity')).toEqual([`new · partitioned true · uuid ${'1'.repeat(38)}`]);
    expect(text('debug-segments')).toEqual(['5001, 5002']);
    const [call] = text('debug-call');
    // The first call was the boot call, made by the frame from its URL.
    expect(call).toMatch(/^#1 boot · \d+ ms · c_section=sports → 5001, 5002 \(traits 1001\) · identity new$/);
    // Drawn after the burst: the call is not reported as still on its way.
    expect(text('debug-reasons')).toEqual([
      "partitioned: The frame's storage is partitioned to this site (third-party cookies blocked): the visitor is recognized on this site only, not across sites.new-identity: The DCS did not recognize this browser: a new device ID, so no profile from earlier visits.",
    ]);
  });

  it('opens once per relay, closes with its button, and stops following', async () => {
    const { relay, connect } = relayWithFrame(async () => ({ uuid: null, segments: [], traits: [], cookies: [], identity: { source: 'none', partitioned: null } }));
    openPanel(window, relay);
    openPanel(window, relay);
    expect(document.querySelectorAll('[data-audience-relay-debug]')).toHaveLength(1);
    const root = document.querySelector('[data-audience-relay-debug]')!.shadowRoot!;
    (root.querySelector('button') as HTMLButtonElement).click();
    expect(document.querySelectorAll('[data-audience-relay-debug]')).toHaveLength(0);
    connect();
    await relay.ready();
    openPanel(window, relay);
    expect(text('debug-summary')[0]).toContain('no trait rule matched');
  });
});
