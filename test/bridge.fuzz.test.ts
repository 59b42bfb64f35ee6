// Property-based: both ends of the bridge face thousands of random and look-alike
// messages from strangers. No exception, no state change, no reply to a stranger.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NAMESPACE, SUPPORTED_VERSIONS } from '@audience-relay/protocol';
import { startBridgeServer } from '../packages/frame/src/bridge-server';
import { testClient } from './fake-windows';

// Thousands of generated cases: seconds on a quiet machine, several times that on 2 busy
// cores. The time limit is not what these tests check.
const FUZZ_TIME = { timeout: 60_000 };

const PAGE = 'https://www.publisher.example';
const DCS = 'https://acme.dcs.example';
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const origins = fc.constantFrom(PAGE, DCS, 'https://www.publisher.example.evil', 'https://evil.example', 'null', 'http://www.publisher.example', '');
/** The real messages, each with at most one field corrupted: look-alikes are common, not rare. */
function mutations(base: Record<string, unknown>) {
  return fc
    .record({ key: fc.constantFrom(...Object.keys(base), 'none'), value: fc.anything() })
    .map(({ key, value }) => (key === 'none' ? { ...base } : { ...base, [key]: value }));
}
const data = fc.oneof(
  fc.anything(),
  mutations({ ns: NAMESPACE, type: 'connect', version: 1, partner: 'acme' }),
  mutations({ ns: NAMESPACE, type: 'hello', versions: { min: 1, max: 1 } }),
);

interface Delivery {
  data: unknown;
  origin: string;
  fromParent: boolean;
  withPort: boolean;
}
const delivery = fc.record({ data, origin: origins, fromParent: fc.boolean(), withPort: fc.boolean() });

/** A connect the frame must accept: from its parent, at an allowed origin, with a port. */
function isLegit(d: Delivery): boolean {
  const m = d.data as Record<string, unknown> | null;
  return (
    d.fromParent && d.withPort && d.origin === PAGE && typeof m === 'object' && m !== null &&
    Object.hasOwn(m, 'ns') && m.ns === NAMESPACE && m.type === 'connect' && m.version === 1 && m.partner === 'acme'
  );
}

describe('the frame end under random messages (fuzz)', FUZZ_TIME, () => {
  it('connects only on a legitimate connect, and never answers a stranger', () => {
    fc.assert(
      fc.property(fc.array(delivery, { maxLength: 20 }), (deliveries) => {
        const listeners: Array<(e: MessageEvent) => void> = [];
        const parent = { postMessage: vi.fn() };
        const handleEvent = vi.fn();
        const server = startBridgeServer({
          self: { addEventListener: (_t, l) => void listeners.push(l), removeEventListener: () => {} },
          parent,
          allowedOrigins: new Set([PAGE]),
          partner: 'acme',
          versions: SUPPORTED_VERSIONS,
          handleRequest: handleEvent,
        });
        const ports: Array<{ postMessage: ReturnType<typeof vi.fn>; close(): void; onmessage: unknown }> = [];
        for (const d of deliveries) {
          const port = { postMessage: vi.fn(), close: () => {}, onmessage: null };
          ports.push(port);
          const event = { data: d.data, origin: d.origin, source: d.fromParent ? parent : {}, ports: d.withPort ? [port] : [] };
          expect(() => listeners.forEach((l) => l(event as unknown as MessageEvent))).not.toThrow();
        }
        const legit = deliveries.filter(isLegit).length > 0;
        expect(server.origin).toBe(legit ? PAGE : null);
        // Only the initial hello goes to the parent window; strangers' ports get nothing.
        expect(parent.postMessage).toHaveBeenCalledTimes(1);
        deliveries.forEach((d, i) => {
          if (!d.fromParent || d.origin !== PAGE) expect(ports[i]!.postMessage).not.toHaveBeenCalled();
        });
        expect(handleEvent).not.toHaveBeenCalled();
        server.stop();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the tag end under random messages (fuzz)', FUZZ_TIME, () => {
  it('hands a port only to its own frame, at the exact DCS origin, after a valid hello', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ data, origin: origins, fromFrame: fc.boolean() }), { maxLength: 20 }), (deliveries) => {
        const listeners: Array<(e: MessageEvent) => void> = [];
        const frame = { postMessage: vi.fn() };
        const win = { addEventListener: (_t: 'message', l: (e: MessageEvent) => void) => void listeners.push(l), removeEventListener: () => {} };
        const { client, onConnect } = testClient(win, frame, DCS);
        stops.push(() => client.stop());
        let validHellos = 0;
        for (const d of deliveries) {
          const m = d.data as Record<string, unknown> | null;
          const v = typeof m === 'object' && m !== null ? (m.versions as { min: number; max: number } | undefined) : undefined;
          if (d.fromFrame && d.origin === DCS && m && Object.hasOwn(m, 'ns') && m.ns === NAMESPACE && m.type === 'hello' && v &&
              Number.isInteger(v.min) && Number.isInteger(v.max) && v.min > 0 && v.min <= v.max && v.min <= 1) validHellos++;
          const event = { isTrusted: true, data: d.data, origin: d.origin, source: d.fromFrame ? frame : {}, ports: [] };
          expect(() => listeners.forEach((l) => l(event as unknown as MessageEvent))).not.toThrow();
        }
        expect(frame.postMessage).toHaveBeenCalledTimes(validHellos);
        for (const call of frame.postMessage.mock.calls) expect(call[1]).toBe(DCS);
        expect(onConnect).not.toHaveBeenCalled();
        client.stop();
      }),
      { numRuns: 2000 },
    );
  });
});
