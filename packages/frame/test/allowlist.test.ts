import { describe, expect, it } from 'vitest';
import { parseAllowedOrigins } from '../src/index';

describe('allowed origins', () => {
  it('keeps exact origins and normalizes a trailing slash', () => {
    const allowed = parseAllowedOrigins('https://www.publisher.example http://publisher.localhost:4280/');
    expect([...allowed]).toEqual(['https://www.publisher.example', 'http://publisher.localhost:4280']);
  });

  it('matches by exact equality only, never by prefix or substring', () => {
    const allowed = parseAllowedOrigins('https://publisher.example');
    expect(allowed.has('https://publisher.example')).toBe(true);
    for (const lookalike of ['https://publisher.example.evil', 'https://evil-publisher.example', 'http://publisher.example', 'https://publisher.example:8443']) {
      expect(allowed.has(lookalike)).toBe(false);
    }
  });

  it('ignores entries that are not plain http(s) origins', () => {
    const allowed = parseAllowedOrigins('* null javascript:alert(1) https://a.example/path https://user@b.example ftp://c.example');
    expect(allowed.size).toBe(0);
  });
});
