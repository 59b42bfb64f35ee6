import { apply } from '@audience-relay/protocol';
import { sharedIntrinsics } from '../shared-intrinsics';
import type { SegmentsEvent } from '../types';

/** The name of the `dataLayer` event and of the DOM `CustomEvent` we dispatch on `document`. */
export const DATA_LAYER_EVENT = 'audience-relay.segments';
export const DOM_EVENT = 'audience-relay:segments';

/**
 * Pushes `{ event, partner, ...segments }` to the page's data layer (created when missing). Each
 * listener gets its own copy, made with the tag's start-time built-ins (shared-intrinsics.ts).
 */
export function dataLayerOutput(win: Window, name: string, partner: string): (event: SegmentsEvent) => void {
  return (event) => {
    const host = win as unknown as Record<string, unknown>;
    const layer = (host[name] ??= []) as { push(item: unknown): unknown };
    layer.push({ event: DATA_LAYER_EVENT, partner, ...sharedIntrinsics(win).copy(event) });
  };
}

/** Dispatches `CustomEvent('audience-relay:segments', { detail: { partner, ...segments } })` on `document`. */
export function domEventOutput(doc: Document, partner: string): (event: SegmentsEvent) => void {
  return (event) => {
    // EventTarget's own method: `document.dispatchEvent` may be a named element (`<img name=dispatchEvent>`).
    const { copy } = sharedIntrinsics(doc.defaultView ?? window);
    apply(EventTarget.prototype.dispatchEvent, doc, [new CustomEvent(DOM_EVENT, { detail: { partner, ...copy(event) } })]);
  };
}
