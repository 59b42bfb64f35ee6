import { describe, expect, it } from 'vitest';
import { claim, release } from '../src/registry';

describe('page registry', () => {
  it('lets each partner claim its own names, reports clashes with the owner, and frees them on release', () => {
    const win = {} as Window;
    expect(claim(win, 'acme', [['partner', 'acme'], ['outputs.gpt.key', 'aud']])).toEqual([]);
    expect(claim(win, 'beta', [['partner', 'beta'], ['outputs.gpt.key', 'aud'], ['outputs.prebid.name', undefined]])).toEqual([
      'outputs.gpt.key "aud" is already used by partner "acme" on this page',
    ]);
    // A refused claim takes nothing.
    expect(claim(win, 'gamma', [['partner', 'beta']])).toEqual([]);
    release(win, 'acme');
    expect(claim(win, 'beta', [['outputs.gpt.key', 'aud']])).toEqual([]);
  });
});

describe('page registry: a partner re-claims its own names', () => {
  it('the same partner may claim a name again; another may not', () => {
    const win = {} as Window;
    expect(claim(win, 'acme', [['outputs.cookie.name', 'seg']])).toEqual([]);
    expect(claim(win, 'acme', [['outputs.cookie.name', 'seg']])).toEqual([]);
    expect(claim(win, 'beta', [['outputs.cookie.name', 'seg']])).toHaveLength(1);
  });
});
