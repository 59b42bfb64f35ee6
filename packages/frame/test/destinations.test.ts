import { describe, expect, it } from 'vitest';
import { fireDestinations, parseDestinations } from '../src/index';

describe('URL destinations', () => {
  it('takes the secure URL on an https frame and the plain one otherwise; http(s) only; `//host` (as demdex.net writes them) is kept, for the frame\'s scheme', () => {
    const dests = [
      { id: '1', y: 'img', c: 'http://px.example/a', e: 'https://px.example/a' },
      { id: 2, y: 'iframe', c: 'http://px.example/b', e: 'https://px.example/b' },
      { id: '3', y: 'img', c: 'javascript:alert(1)', e: 'data:text/html,x' },
      { id: '4', y: 'img', c: '//px.example/relative' },
      { y: 'img', c: 'https://no-id.example/' },
    ];
    expect(parseDestinations(dests, true)).toEqual([
      { id: '1', type: 'img', url: 'https://px.example/a' },
      { id: '2', type: 'iframe', url: 'https://px.example/b' },
      { id: '4', type: 'img', url: '//px.example/relative' },
    ]);
    expect(parseDestinations(dests, false).map((d) => d.url)).toEqual(['http://px.example/a', 'http://px.example/b', '//px.example/relative']);
    expect(parseDestinations('nope', true)).toEqual([]);
  });

  it('fires at most ten per call', () => {
    const fired: string[] = [];
    const dests = Array.from({ length: 14 }, (_, i) => ({ id: String(i), type: 'img' as const, url: `https://px.example/${i}` }));
    expect(fireDestinations(dests, (d) => void fired.push(d.url))).toBe(10);
    expect(fired).toHaveLength(10);
  });
});
