// Property-based: guards face arbitrary, adversarial input and never throw or let a
// malformed message through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCaller, isConnect, isHello, isRequest, isResponse, NAMESPACE, type EventResult } from '../src/index';

// Thousands of generated cases: seconds on a quiet machine, several times that on 2 busy
// cores. The time limit is not what these tests check.
const FUZZ_TIME = { timeout: 60_000 };

/** Values that look like our messages, with every field possibly wrong or hostile. */
const field = fc.oneof(fc.anything(), fc.constantFrom('__proto__', 'constructor', NAMESPACE, 'hello', 'request', 'response'));
const lookalike = fc.record(
  {
    ns: fc.oneof(fc.constant(NAMESPACE), field),
    type: fc.oneof(fc.constantFrom('hello', 'connect', 'connected', 'refused', 'request', 'response'), field),
    id: fc.oneof(fc.integer(), field),
    version: fc.oneof(fc.integer(), field),
    versions: fc.oneof(fc.record({ min: fc.integer(), max: fc.integer() }), field),
    partner: fc.oneof(fc.string(), field),
    method: fc.oneof(fc.constant('event'), field),
    params: field,
    result: field,
    error: field,
  },
  { requiredKeys: [] },
);
const hostile = fc.oneof(fc.anything({ withObjectString: true, withNullPrototype: true }), lookalike);

describe('guards under arbitrary input (fuzz)', FUZZ_TIME, () => {
  it('never throw, and whatever passes has the types the guard promises', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        if (isHello(value)) expect(value.versions.min).toBeLessThanOrEqual(value.versions.max);
        if (isConnect(value)) expect(value.partner).toMatch(/^[a-z0-9][a-z0-9-]{0,62}$/);
        if (isRequest(value)) {
          for (const [key, values] of Object.entries(value.params.signals)) {
            expect(key).toMatch(/^[cpd]_/);
            for (const v of values) expect(typeof v).toBe('string');
          }
        }
        if (isResponse(value) && value.result) {
          for (const s of value.result.segments) expect(typeof s).toBe('string');
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('a caller fed arbitrary port messages never throws and settles a call only with its own id', async () => {
    const result: EventResult = { uuid: null, segments: ['1'], traits: [], cookies: [], identity: { source: 'new', partitioned: null } };
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { maxLength: 30 }), async (messages) => {
        const caller = createCaller({ postMessage: () => {} });
        const call = caller.call({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null }, 1000);
        let settled = false;
        call.then(() => (settled = true), () => (settled = true));
        // Strangers' messages never carry our namespace and id 1 with a valid result by chance.
        for (const message of messages) caller.handle(message);
        await Promise.resolve();
        const answered = messages.some((m) => isResponse(m) && m.id === 1);
        expect(settled).toBe(answered);
        caller.handle({ ns: NAMESPACE, type: 'response', id: 1, result });
        caller.destroy('done');
        await call.catch(() => undefined);
      }),
      { numRuns: 1000 },
    );
  });
});
