import { describe, expect, it } from 'vitest';
import { tcfRefusal } from '../../src/debug/tcf-refusal';

/** A page whose TCF CMP answers `data` (and says which listener it removed). */
const page = (data: object, removed: number[] = []): object => ({
  __tcfapi: (command: string, _version: number, callback: (d: object, ok: boolean) => void, parameter?: unknown) => {
    if (command === 'addEventListener') callback({ gdprApplies: true, listenerId: 7, ...data }, true);
    if (command === 'removeEventListener') removed.push(parameter as number);
  },
});
const all = { purpose: { consents: { 1: true, 10: true } }, vendor: { consents: { 565: true } } };

describe("diagnose's reading of a TCF refusal", () => {
  it('names the purposes refused, the vendor missing, or the publisher restriction, and removes its listener', async () => {
    const removed: number[] = [];
    expect(await tcfRefusal(page({ ...all, purpose: { consents: { 1: true } } }, removed), 565)).toContain('purpose 10');
    expect(removed).toEqual([7]);
    expect(await tcfRefusal(page({ ...all, vendor: { consents: {} } }), 565)).toContain('vendor 565');
    expect(await tcfRefusal(page({ ...all, publisher: { restrictions: { 1: { 565: 0 } } } }), 565)).toMatch(/publisher restriction.*vendor 565 purpose 1\b/);
    expect(await tcfRefusal(page({ ...all, publisher: { restrictions: { 10: { 565: 1 } } } }), 565)).toBeNull();
  });

  it('says nothing without a TCF CMP, where GDPR does not apply, or when the CMP does not answer', async () => {
    expect(await tcfRefusal({}, 565)).toBeNull();
    expect(await tcfRefusal(page({ gdprApplies: false }), 565)).toBeNull();
    expect(await tcfRefusal({ __tcfapi: () => {} }, 565)).toBeNull();
    expect(await tcfRefusal({ __tcfapi: () => { throw new Error('broken CMP'); } }, 565)).toBeNull();
  });
});
