import { describe, expect, it } from 'vitest';
import { NAMESPACE, isConnect, isEventParams, isHello, isPrivacy, isRequest, isResponse, isWireSignals } from '../src/index';

const hello = { ns: NAMESPACE, type: 'hello', versions: { min: 1, max: 2 } };
const request = { ns: NAMESPACE, type: 'request', id: 1, method: 'event', params: { signals: { c_a: ['1'] }, traits: [5], uuid: null, coppa: false, ids: [{ source: 7, id: 'crm-1', authState: null }], url: 'https://pub.example/a' } };
const result = { uuid: null, segments: ['5001'], traits: [1001], cookies: [], identity: { source: 'new', partitioned: false } };

describe('message guards', () => {
  it('accept the messages of the protocol', () => {
    expect(isHello(hello)).toBe(true);
    expect(isConnect({ ns: NAMESPACE, type: 'connect', version: 1, partner: 'acme' })).toBe(true);
    expect(isRequest(request)).toBe(true);
    expect(isResponse({ ns: NAMESPACE, type: 'response', id: 1, result })).toBe(true);
    expect(isResponse({ ns: NAMESPACE, type: 'response', id: 1, error: { code: 'DCS_TIMEOUT', message: 'slow' } })).toBe(true);
  });

  it('drop look-alike messages from other scripts', () => {
    for (const stranger of [null, undefined, 'hello', 42, [], {}, { type: 'hello' }, { ns: 'penpal', type: 'hello', versions: { min: 1, max: 1 } }]) {
      expect(isHello(stranger)).toBe(false);
      expect(isRequest(stranger)).toBe(false);
      expect(isResponse(stranger)).toBe(false);
    }
  });

  it('reject fields of the wrong type or range', () => {
    expect(isHello({ ...hello, versions: { min: 2, max: 1 } })).toBe(false);
    expect(isHello({ ...hello, versions: { min: '1', max: 1 } })).toBe(false);
    expect(isConnect({ ns: NAMESPACE, type: 'connect', version: 1, partner: 'ACME <script>' })).toBe(false);
    expect(isConnect({ ns: NAMESPACE, type: 'connect', version: 1.5, partner: 'acme' })).toBe(false);
    expect(isRequest({ ...request, id: -1 })).toBe(false);
    expect(isRequest({ ...request, method: 'eval' })).toBe(false);
    expect(isResponse({ ns: NAMESPACE, type: 'response', id: 1, result: { ...result, segments: [5001] } })).toBe(false);
    expect(isResponse({ ns: NAMESPACE, type: 'response', id: 1, error: { code: 'not a code!', message: '' } })).toBe(false);
    // A code a newer frame added still passes, so the page hears it instead of a timeout.
    expect(isResponse({ ns: NAMESPACE, type: 'response', id: 1, error: { code: 'QUOTA_EXCEEDED', message: '' } })).toBe(true);
    expect(isResponse({ ns: NAMESPACE, type: 'response', id: 1, result, error: { code: 'DCS_ERROR', message: '' } })).toBe(false);
    // The DCS's error codes: absent (an older frame), or up to ten whole numbers.
    expect(isResponse({ ns: NAMESPACE, type: 'response', id: 1, result: { ...result, errors: [171, 10] } })).toBe(true);
    expect(isResponse({ ns: NAMESPACE, type: 'response', id: 1, result: { ...result, errors: Array(11).fill(1) } })).toBe(false);
    expect(isResponse({ ns: NAMESPACE, type: 'response', id: 1, result: { ...result, errors: ['171'] } })).toBe(false);
  });

  it('never trust fields inherited from a polluted Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.ns = NAMESPACE;
    proto.type = 'hello';
    proto.versions = { min: 1, max: 1 };
    try {
      expect(isHello({})).toBe(false);
      expect(isHello(Object.create(null))).toBe(false);
    } finally {
      delete proto.ns;
      delete proto.type;
      delete proto.versions;
    }
  });

  it('check every signal key, value and limit', () => {
    expect(isWireSignals({ c_section: ['sports'], p_age: ['23'], d_x: ['1'] })).toBe(true);
    expect(isWireSignals({ h_referer: ['x'] })).toBe(false);
    expect(isWireSignals({ section: ['x'] })).toBe(false);
    expect(isWireSignals({ c_a: [] })).toBe(false);
    expect(isWireSignals({ c_a: [1] })).toBe(false);
    expect(isWireSignals({ c_a: ['x'.repeat(1025)] })).toBe(false);
    expect(isWireSignals(Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`c_k${i}`, ['v']])))).toBe(false);
  });
});

describe('privacy and opt-out on the wire', () => {
  const params = { signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null };
  const privacy = { gdpr: 1, tcString: 'CQ', gpp: 'DBABMA~CQ', gppSid: [2], usPrivacy: '1YNN', restricted: false };
  const request = (method: string, p: unknown) => ({ ns: NAMESPACE, type: 'request', id: 1, method, params: p });

  it('accepts an optOut request, and event params with or without privacy signals', () => {
    expect(isRequest(request('optOut', params))).toBe(true);
    expect(isRequest(request('event', { ...params, privacy }))).toBe(true);
    expect(isRequest(request('event', params))).toBe(true);
    expect(isPrivacy({ ...privacy, gdpr: null, tcString: null, gpp: null, usPrivacy: null, gppSid: [] })).toBe(true);
  });

  it('rejects malformed privacy signals: the whole request is refused', () => {
    for (const bad of [
      { ...privacy, gdpr: 2 },
      { ...privacy, tcString: 'x'.repeat(16385) },
      { ...privacy, gppSid: ['2'] },
      { ...privacy, usPrivacy: 'x'.repeat(11) },
      { ...privacy, restricted: 'yes' },
      null,
    ]) {
      expect(isPrivacy(bad)).toBe(false);
      expect(isRequest(request('event', { ...params, privacy: bad }))).toBe(false);
    }
    // An inherited `restricted` on a polluted prototype does not count.
    const { restricted: _, ...rest } = privacy;
    expect(isPrivacy(Object.assign(Object.create({ restricted: false }), rest))).toBe(false);
  });
});

describe('event params: the call ID', () => {
  const params = { signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null };
  it('is optional, and when given a short lowercase token', () => {
    expect(isEventParams(params)).toBe(true);
    expect(isEventParams({ ...params, call: 'k3j9x2ab12' })).toBe(true);
    for (const call of ['', 'A1', 'a'.repeat(33), 'a b', 7, null]) expect(isEventParams({ ...params, call }), String(call)).toBe(false);
  });
});
