import { describe, expect, it } from 'vitest';
import { headersFile } from '../src/build/header-files';

// Cloudflare Pages answers a request for `/x/frame.html` with a 308 to `/x/frame` and serves the
// file there ("Serving Pages", route matching); its `_headers` rules match the path requested.
// A `_headers` that names only `/x/frame.html` then gives the frame none of its headers: no
// Content-Security-Policy (no frame-ancestors, no script hash), no Referrer-Policy, no CORS for
// diagnose(). The frame still runs, so nothing looks wrong.
const headers = { 'Content-Security-Policy': "default-src 'none'; frame-ancestors https://www.publisher.example", 'Referrer-Policy': 'strict-origin' };

/** The header lines `_headers` gives `path`, as Netlify and Cloudflare Pages read the file. */
function rulesFor(file: string, path: string): string[] {
  const lines = file.split('\n');
  const found: string[] = [];
  let inRule = false;
  for (const line of lines) {
    if (!line.startsWith(' ') && line.trim() !== '') inRule = line === path;
    else if (inRule && line.trim() !== '') found.push(line.trim());
  }
  return found;
}

describe('_headers and hosts that serve .html files without their extension', () => {
  it('holds today: the path given is the first rule, with every header', () => {
    const file = headersFile('/acme/1.2.0/frame.html', headers);
    expect(file.startsWith('/acme/1.2.0/frame.html\n')).toBe(true);
    expect(rulesFor(file, '/acme/1.2.0/frame.html')).toEqual(Object.entries(headers).map(([name, value]) => `${name}: ${value}`));
  });

  it('gives the extensionless path (where Cloudflare Pages serves frame.html) the same headers', () => {
    const file = headersFile('/acme/1.2.0/frame.html', headers);
    expect(rulesFor(file, '/acme/1.2.0/frame')).toEqual(Object.entries(headers).map(([name, value]) => `${name}: ${value}`));
  });

  it('a path without .html is given once, and /.html never becomes a rule for the site root', () => {
    const paths = (file: string): string[] => file.split('\n').filter((line) => line.startsWith('/'));
    expect(paths(headersFile('/acme/frame', headers))).toEqual(['/acme/frame']);
    expect(paths(headersFile('/acme/.html', headers))).toEqual(['/acme/.html']);
  });
});
