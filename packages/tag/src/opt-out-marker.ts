import { inStorage } from './in-storage';
import type { OptOutStore } from './services';

/**
 * The visitor's opt-out, `localStorage['ar_optout_<partner>']` = `1`, kept until the visitor
 * clears the site's data. It is the one thing the tag ever stores without consent: written only
 * at the visitor's request, and what keeps every later page load from calling the DCS. In
 * `localStorage` for the reasons of the device-ID copy (`device-id-copy.ts`): no cookie read on
 * the start path, and no other host of the site can undo it. Storage that throws reads as not
 * opted out here (the DCS's own opt-out still holds) and keeps nothing.
 */
export function optOutMarker(storage: () => Storage, partner: string): OptOutStore {
  const key = `ar_optout_${partner}`;
  return {
    read: () => inStorage(storage, (s) => s.getItem(key) === '1', false),
    // Blocked or full: the DCS's opt-out (sent as well) still holds.
    write: () => inStorage(storage, (s) => s.setItem(key, '1'), undefined),
  };
}
