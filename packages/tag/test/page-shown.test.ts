import { describe, expect, it } from 'vitest';
import { pageShown } from '../src/page-shown';
import type { PageContext } from '../src/services';

const page = (whenShown?: PageContext['whenShown']): PageContext => ({ url: () => '', onRouteChange: () => () => {}, onRestore: () => () => {}, ...(whenShown ? { whenShown } : {}) });

describe('pageShown', () => {
  it('a page that is not prerendered is shown: runs at once', () => {
    const shown = pageShown(page());
    const ran: string[] = [];
    shown.when(() => ran.push('now'));
    expect([shown.now, ran]).toEqual([true, ['now']]);
  });

  it('a prerendered page runs what waits once shown, in order, one that throws stopping none', () => {
    let show = (): void => {};
    const shown = pageShown(page((start) => void (show = start)));
    const ran: string[] = [];
    shown.when(() => ran.push('a'));
    shown.when(() => {
      throw new Error('a bug');
    });
    shown.when(() => ran.push('b'));
    expect([shown.now, ran]).toEqual([false, []]);
    show();
    expect([shown.now, ran]).toEqual([true, ['a', 'b']]);
  });
});
