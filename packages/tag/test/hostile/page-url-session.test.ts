import { describe, expect, it } from 'vitest';
import { pageUrl } from '../../src/api-checks';

// d_url promises "without query or fragment, which may carry personal data". The path can
// carry it too: servlet containers rewrite URLs with the session ID as a path parameter when
// the first response has no cookie yet (`;jsessionid=…`, Tomcat, Jetty, WebSphere), and a
// session ID is a credential: whoever reads the DCS logs can take over the visitor's session.

describe('hostile: the page URL sent as d_url', () => {
  it('query, fragment and user info are dropped', () => {
    expect(pageUrl('https://user:secret@shop.example/cart?email=a%40b.example#token=1')).toBe('https://shop.example/cart');
  });

  // Fixed in packages/tag/src/api-checks.ts (pageUrl): path parameters (from a `;` to the
  // segment's end) are dropped before d_url is sent.
  it('drops a session ID carried as a path parameter (;jsessionid=)', () => {
    const sent = pageUrl('https://shop.example/cart;jsessionid=0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D');
    expect(sent).not.toContain('0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D');
    expect(sent).toBe('https://shop.example/cart');
  });
});

describe('path parameters in any segment', () => {
  it('go from every segment, and the path stays whole', () => {
    expect(pageUrl('https://shop.example/a;v=1/b;jsessionid=X;x=y/c')).toBe('https://shop.example/a/b/c');
  });
});
