import { describe, expect, it } from 'vitest';
import { EncodingError, parseParams } from '../src/event/parse-params';

describe('/event parameters', () => {
  it('collect repeated and comma-serialized values under one key', () => {
    const params = parseParams('c_tag=a&c_tag=b,c&d_sid=1234,5678');
    expect(params.get('c_tag')).toEqual(['a', 'b', 'c']);
    expect(params.get('d_sid')).toEqual(['1234', '5678']);
  });

  // Fidelity review (session m): `%2C` split a value as a literal comma does, so a customer ID
  // or partner UUID with a comma was stored cut at it, and a signal value never matched.
  it('split on a literal comma only: a percent-encoded comma is part of its value', () => {
    expect(parseParams('c_title=Hello%2C%20world').get('c_title')).toEqual(['Hello, world']);
    expect(parseParams('d_cid_ic=crm%01smith%2C%20john%011').get('d_cid_ic')).toEqual(['crm\u0001smith, john\u00011']);
    // DIL's d_sid: each ID encoded, then joined with a literal comma.
    expect(parseParams('d_sid=1%2C2,3').get('d_sid')).toEqual(['1,2', '3']);
    expect(parseParams('c_x=a%20b,c%26d').get('c_x')).toEqual(['a b', 'c&d']);
    expect(() => parseParams('c_x=a,%es')).toThrow(EncodingError);
  });

  it('strip one surrounding pair of double quotes and keep a quoted value whole', () => {
    expect(parseParams('age=%2241%20to%2055%22').get('age')).toEqual(['41 to 55']);
    expect(parseParams('c_x=%22a,b%22').get('c_x')).toEqual(['a,b']);
  });

  it('decode percent-escapes and + as space', () => {
    expect(parseParams('c_q=golf+%26+tennis').get('c_q')).toEqual(['golf & tennis']);
  });

  it('reject a bad escape so the whole request is ignored (error 311)', () => {
    expect(() => parseParams('c_ok=1&c_bad=%es')).toThrow(EncodingError);
  });
});
