import { describe, expect, it } from 'vitest';
import { EncodingError, parseParams } from '../src/event/parse-params';

describe('/event parameters', () => {
  it('collect repeated and comma-serialized values under one key', () => {
    const params = parseParams('c_tag=a&c_tag=b,c&d_sid=1234,5678');
    expect(params.get('c_tag')).toEqual(['a', 'b', 'c']);
    expect(params.get('d_sid')).toEqual(['1234', '5678']);
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
