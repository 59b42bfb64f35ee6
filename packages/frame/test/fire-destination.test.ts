// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { destinationFirer } from '../src/fire-destination';

// Partner iframes are third-party documents, each a process of its own: a page that calls the
// DCS often, answered with a cache-busted destination URL each time, must not pile them up.
describe('destination iframes: ten alive at once, the rest wait their turn', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });
  const frames = () => [...document.body.querySelectorAll('iframe')].map((frame) => frame.getAttribute('src'));

  it('fires the first ten, sandboxed; the eleventh once one of them is removed after 30 s', () => {
    const fire = destinationFirer(document);
    for (let i = 0; i < 12; i++) fire({ id: String(i), type: 'iframe', url: `https://px.example/f?r=${i}` });
    expect(frames()).toEqual(Array.from({ length: 10 }, (_, i) => `https://px.example/f?r=${i}`));
    const first = document.body.querySelector('iframe')!;
    expect([first.getAttribute('sandbox'), first.getAttribute('referrerpolicy')]).toEqual(['allow-scripts', 'no-referrer']);
    vi.advanceTimersByTime(29_999);
    expect(frames()).toHaveLength(10);
    vi.advanceTimersByTime(1);
    expect(frames()).toEqual(['https://px.example/f?r=10', 'https://px.example/f?r=11']);
    vi.advanceTimersByTime(30_000);
    expect(frames()).toEqual([]);
  });

  it('keeps fifty waiting at most; images are not held back', () => {
    const fire = destinationFirer(document);
    for (let i = 0; i < 100; i++) fire({ id: String(i), type: 'iframe', url: `https://px.example/f?r=${i}` });
    let opened = 0;
    for (let round = 0; round < 10; round++) {
      vi.advanceTimersByTime(30_000);
      opened += frames().length;
    }
    // After the first ten: the fifty that waited, in rounds of ten, and no more.
    expect(opened).toBe(50);
    expect(frames()).toEqual([]);
    const images: string[] = [];
    vi.spyOn(window, 'Image').mockImplementation(function (this: unknown) {
      const image = { referrerPolicy: '', set src(url: string) { images.push(url); } };
      return image as unknown as HTMLImageElement;
    } as never);
    for (let i = 0; i < 20; i++) fire({ id: 'p', type: 'img', url: `https://px.example/p?r=${i}` });
    expect(images).toHaveLength(20);
  });
});
