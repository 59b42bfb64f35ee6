// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DOM_EVENT, dataLayerOutput, domEventOutput } from '../../src/outputs/page-events';
import { noSegments } from '../../src/no-segments';

const event = { ...noSegments(), segments: ['5001'], cached: true };

describe('page event outputs', () => {
  it('pushes to the named data layer, creating it when missing, and keeps what was there', () => {
    const win = { custom: [{ event: 'gtm.js' }] } as unknown as Window & { custom: unknown[]; dataLayer?: unknown[] };
    dataLayerOutput(win, 'custom', 'acme')(event);
    dataLayerOutput(win, 'dataLayer', 'acme')(event);
    expect(win.custom).toEqual([{ event: 'gtm.js' }, { event: 'audience-relay.segments', partner: 'acme', ...event }]);
    expect(win.dataLayer).toHaveLength(1);
  });

  it('dispatches a CustomEvent on document with the partner and segments', () => {
    const seen: unknown[] = [];
    document.addEventListener(DOM_EVENT, (e) => seen.push((e as CustomEvent).detail));
    domEventOutput(document, 'acme')(event);
    expect(seen).toEqual([{ partner: 'acme', ...event }]);
  });
});
