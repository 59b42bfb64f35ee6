// Outside review (branch attack): a GPP string's header lists its section IDs as Fibonacci-
// coded ranges, and the IAB library expands every range into an array, one entry per ID
// (FibonacciIntegerRangeEncoder.decode). An 11-character header naming sections 1 to
// 10,000,000 made one /event call hold the server's only thread for 3.7 s (and 10^8, some
// characters more, runs it out of memory); 4095 ranges make it unbounded. GPP section IDs are
// small numbers (2 to 23 today), so a header naming others is not a GPP string we can read,
// which counts as an opt-out, as any unreadable GPP string does.
// The same expansion in a section: a TCF EU section (2) whose vendor consents are 300 ranges
// 1-65535 (1.7 KB) held the thread 4.4 s, 1000 ranges (5.6 KB, a GET) 12.8 s; up to 4095 in
// a POST body is 268 million entries, past the heap. Only the US sections (uspv1, usnat and
// the states: fixed-size fields) can say "opted out"; the DCS reads no other.
import { GppModel } from '@iabgpp/cmpapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, startMockDcs, type MockDcs } from '../src/index';
import { gppOptOut } from '../src/event/gpp-opt-out';
import { call } from './helpers';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// Padded to whole bytes, then to whole characters, as the library writes it.
const base64url = (bits: string): string => (bits.padEnd(Math.ceil(Math.ceil(bits.length / 8) * 8 / 6) * 6, '0').match(/.{6}/g) ?? []).map((six) => B64URL[parseInt(six, 2)]).join('');
/** The Fibonacci (Zeckendorf) code GPP uses: a bit per Fibonacci number 1, 2, 3, 5…, lowest first, then a closing 1. */
function fibonacci(n: number): string {
  const f = [1, 2];
  while (f[f.length - 1]! + f[f.length - 2]! <= n) f.push(f[f.length - 1]! + f[f.length - 2]!);
  const bits = f.map(() => '0');
  for (let i = f.length - 1; i >= 0; i--) {
    if (n >= f[i]!) {
      bits[i] = '1';
      n -= f[i]!;
    }
  }
  return `${bits.join('').replace(/0+$/, '')}1`;
}
/** A GPP header (type 3, version 1) whose section IDs are the given groups: [id] or [first, last]. */
function header(groups: Array<[number] | [number, number]>): string {
  let offset = 0;
  let bits = `000011000001${groups.length.toString(2).padStart(12, '0')}`;
  for (const group of groups) {
    bits += group.length === 1 ? '0' : '1';
    for (const id of group) {
      bits += fibonacci(id - offset);
      offset = id;
    }
  }
  return base64url(bits);
}

// A real usnat section (no opt-out) after each header, so only the header is in question.
const model = new GppModel();
model.setFieldValue('usnat', 'SaleOptOut', 2);
const USNAT = model.encode().split('~')[1]!;

describe('GPP strings whose header names absurd section IDs', () => {
  it('the header encoder here is the library\'s: a real header decodes to the same string', () => {
    expect(header([[7]])).toBe(model.encode().split('~')[0]);
    expect(gppOptOut(`${header([[7]])}~${USNAT}`, [7])).toBe(false);
    // Several real sections (a range 6-7 and 2 before it) still read, opt-outs included.
    const several = new GppModel();
    several.setFieldValue('tcfeuv2', 'CmpId', 1);
    several.setFieldValue('uspv1', 'OptOutSale', 'N');
    several.setFieldValue('usnat', 'SaleOptOut', 2);
    expect(several.encode().split('~')[0]).toBe(header([[2], [6, 7]]));
    expect(gppOptOut(several.encode(), [])).toBe(false);
    several.setFieldValue('usnat', 'SaleOptOut', 1);
    expect(gppOptOut(several.encode(), [])).toBe(true);
  });

  for (const [name, groups] of [
    ['one range of ten million IDs', [[1, 10_000_000]]],
    ['4095 ranges of ten thousand IDs', Array.from({ length: 4095 }, (_, i) => [i * 10_001 + 1, i * 10_001 + 10_000])],
  ] as Array<[string, Array<[number] | [number, number]>]>) {
    it(`${name}: read at once as unreadable, so an opt-out`, () => {
      const gpp = `${header(groups)}~${USNAT}`;
      const started = performance.now();
      expect(gppOptOut(gpp, [7])).toBe(true);
      expect(performance.now() - started).toBeLessThan(100);
    });
  }
});

const fixed = (value: number, width: number): string => value.toString(2).padStart(width, '0');
/** A TCF EU v2 core segment (GPP section 2) whose vendor consents are `ranges` ranges 1-65535. */
function tcfEuSection(ranges: number): string {
  // Version 2, Created, LastUpdated, CmpId, CmpVersion, ConsentScreen, ConsentLanguage,
  // VendorListVersion, PolicyVersion, IsServiceSpecific, UseNonStandardStacks,
  // SpecialFeatureOptins, PurposeConsents, PurposeLegitimateInterests, PurposeOneTreatment,
  // PublisherCountryCode; then VendorConsents as ranges; then no legitimate interests or restrictions.
  const core = [fixed(2, 6), fixed(0, 36), fixed(0, 36), fixed(1, 12), fixed(1, 12), fixed(0, 6), fixed(0, 12), fixed(1, 12), fixed(4, 6), '0', '0', fixed(0, 12), fixed(0, 24), fixed(0, 24), '0', fixed(0, 12)].join('');
  const vendors = `${fixed(65535, 16)}1${fixed(ranges, 12)}${`1${fixed(1, 16)}${fixed(65535, 16)}`.repeat(ranges)}`;
  return base64url(`${core}${vendors}${fixed(0, 16)}0${fixed(0, 16)}${fixed(0, 12)}`);
}

describe('GPP strings with a section of absurd ranges', () => {
  it('a TCF EU section of 300 vendor ranges 1-65535 beside a US National one: never expanded, the US section still read', () => {
    const gpp = `${header([[2], [7]])}~${tcfEuSection(300)}~${USNAT}`;
    // It is what the library reads as 300 ranges (checked on a small one: 2 ranges, 131070 IDs).
    const small = new GppModel(`${header([[2]])}~${tcfEuSection(2)}`).getSection('tcfeuv2') as { VendorConsents: number[] };
    expect(small.VendorConsents).toHaveLength(131070);
    const started = performance.now();
    expect(gppOptOut(gpp, [])).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('the server, given such a GPP string', () => {
  let dcs: MockDcs;
  beforeAll(async () => {
    // With a content provider: the DCS reads the GPP string to decide whether it may call it.
    dcs = await startMockDcs({ config: demoConfig(undefined, { browserUrl: 'http://provider.localhost:9', serverUrl: 'http://127.0.0.1:9' }) });
  });
  afterAll(() => dcs.close());

  it('answers the call in well under a second and keeps answering others', async () => {
    const gpp = encodeURIComponent(`${header([[1, 10_000_000]])}~${USNAT}`);
    const started = performance.now();
    const [hostile, other] = await Promise.all([
      call(dcs.port, `/event?d_rtbd=json&d_cts=2&c_section=sports&gpp=${gpp}&gpp_sid=7`),
      call(dcs.port, '/event?d_rtbd=json&d_cts=2&c_section=sports'),
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(hostile.status).toBe(200);
    expect(other.json()).toMatchObject({ segments: [5001] });
  });

  it('answers a call whose GPP string has a TCF EU section of 1000 vendor ranges in well under a second', async () => {
    const gpp = encodeURIComponent(`${header([[2]])}~${tcfEuSection(1000)}`);
    const started = performance.now();
    const reply = await call(dcs.port, `/event?d_rtbd=json&d_cts=2&c_section=sports&gpp=${gpp}`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(reply.json()).toMatchObject({ segments: [5001] });
  });
});
