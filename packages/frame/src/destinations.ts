import { own } from '@audience-relay/protocol';
import { firableUrl } from './firable-url';

/** A URL destination (`dests` entry) the DCS asks the frame to fire. */
export interface Destination {
  id: string;
  type: 'img' | 'iframe';
  url: string;
}

const MAX_PER_CALL = 10;

/** Reads the `dests` array: the secure URL (`e`) on an https frame, else `c`; see {@link firableUrl}. */
export function parseDestinations(value: unknown, secure: boolean): Destination[] {
  if (!Array.isArray(value)) return [];
  const destinations: Destination[] = [];
  for (const item of value.slice(0, 50)) {
    const id = own(item, 'id');
    const url = firableUrl(own(item, secure ? 'e' : 'c') ?? own(item, 'c'));
    if ((typeof id === 'string' || typeof id === 'number') && url !== null) {
      destinations.push({ id: String(id), type: own(item, 'y') === 'iframe' ? 'iframe' : 'img', url });
    }
  }
  return destinations;
}

/** Distinct destination URLs a frame remembers having fired: beyond it, the oldest is forgotten. */
const MAX_REMEMBERED = 500;

/**
 * Fires destinations inside the frame, at most ten per call; returns how many. With `fired`
 * (the URLs this frame fired before, kept for its life), each distinct URL fires once per
 * page, as Adobe's destination iframe does: a DCS answering every call of a page (each SPA
 * route change, each signals call) with the same destinations does not fire them again.
 */
export function fireDestinations(destinations: readonly Destination[], fire: (destination: Destination) => void, fired?: Set<string>): number {
  const due = destinations.filter((d) => !fired?.has(d.url)).slice(0, MAX_PER_CALL);
  for (const destination of due) {
    if (fired) {
      fired.add(destination.url);
      if (fired.size > MAX_REMEMBERED) fired.delete(fired.values().next().value as string);
    }
    fire(destination);
  }
  return due.length;
}
