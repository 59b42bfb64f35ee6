// @vitest-environment happy-dom
// Cookie destinations that come while the outputs bundle loads (the CDN tag). The boot call's
// answer and the next call's answer can both arrive within the bundle's round trip; lazy.ts
// keeps only the last list (`cookies = list`), so the first answer's cookie destinations are
// never written, whereas segments are rightly latest-only. (A config with outputs: without
// them the tag writes cookie destinations itself, at once; lazy.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import type { CookieDestination } from '@audience-relay/protocol';
import { OUTPUTS_KEY, lazyOutputs, type OutputsBundle } from '../../src/outputs/lazy';
import { validateConfig } from '../../src/config';
import { nextTask } from '../next-task';

const host = window as unknown as Record<symbol, Record<string, OutputsBundle> | undefined>;
const src = 'https://cdn.example/audience-relay-outputs.js';
afterEach(() => {
  delete host[OUTPUTS_KEY];
  document.head.replaceChildren();
});

describe('cookie destinations while the outputs bundle loads', () => {
  it('every answer\'s cookie destinations are written once the bundle runs, not only the last answer\'s', async () => {
    const written: string[] = [];
    host[OUTPUTS_KEY] = {
      [src]: {
        browserOutputs: () => ({ segments: () => {}, cookies: (list: readonly CookieDestination[]) => void written.push(...list.map((c) => c.name)) }),
      },
    };
    const outputs = lazyOutputs(window, validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { gpt: {} } }), { src, nonce: '' });
    outputs.cookies([{ name: 'from_boot_call', value: '1', days: 1, domain: '.' }]);
    outputs.cookies([{ name: 'from_second_call', value: '1', days: 1, domain: '.' }]);
    await nextTask();
    expect(written.sort()).toEqual(['from_boot_call', 'from_second_call']);
  });
});

describe('a refusal while the outputs bundle loads', () => {
  // The answer's cookie destinations waited for the bundle; a CMP's refusal (or an opt-out)
  // came before it ran, and they were written after it (seen in e2e/consent-late-cmp.spec.ts).
  it('the cookie destinations that waited are never written', async () => {
    const written: string[] = [];
    host[OUTPUTS_KEY] = {
      [src]: {
        browserOutputs: () => ({ segments: () => {}, cookies: (list: readonly CookieDestination[]) => void written.push(...list.map((c) => c.name)) }),
      },
    };
    const outputs = lazyOutputs(window, validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { gpt: {} } }), { src, nonce: '' });
    outputs.cookies([{ name: 'before_refusal', value: '1', days: 1, domain: '.' }]);
    outputs.forget?.();
    outputs.cookies([{ name: 'after_a_new_grant', value: '1', days: 1, domain: '.' }]);
    await nextTask();
    expect(written).toEqual(['after_a_new_grant']);
  });
});
