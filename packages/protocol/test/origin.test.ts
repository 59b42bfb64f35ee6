import { describe, expect, it } from 'vitest';
import { parseOrigin } from '../src/index';

describe('parseOrigin', () => {
  it('keeps plain http(s) origins, normalizing case and a trailing slash', () => {
    expect(parseOrigin('https://www.publisher.example')).toBe('https://www.publisher.example');
    expect(parseOrigin('http://publisher.localhost:4280/')).toBe('http://publisher.localhost:4280');
    expect(parseOrigin('HTTPS://Acme.DCS.example')).toBe('https://acme.dcs.example');
  });

  it('refuses anything that is more or less than an origin', () => {
    for (const value of ['https://a.example/path', 'https://a.example?x=1', 'https://a.example#f', 'https://user@a.example', 'ftp://a.example', 'javascript:alert(1)', 'a.example', '*', 'null', '', 42, null]) {
      expect(parseOrigin(value), String(value)).toBeNull();
    }
  });
});
