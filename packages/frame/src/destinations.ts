import { own } from '@audience-relay/protocol';

/** A URL destination (`dests` entry) the DCS asks the frame to fire. */
export interface Destination {
  id: string;
  type: 'img' | 'iframe';
  url: string;
}

const MAX_PER_CALL = 10;

/** Reads the `dests` array: the secure URL (`e`) on an https frame, else `c`; http(s) only. */
export function parseDestinations(value: unknown, secure: boolean): Destination[] {
  if (!Array.isArray(value)) return [];
  const destinations: Destination[] = [];
  for (const item of value.slice(0, 50)) {
    const id = own(item, 'id');
    const url = own(item, secure ? 'e' : 'c') ?? own(item, 'c');
    if ((typeof id === 'string' || typeof id === 'number') && typeof url === 'string' && /^https?:\/\//i.test(url) && url.length <= 2048) {
      destinations.push({ id: String(id), type: own(item, 'y') === 'iframe' ? 'iframe' : 'img', url });
    }
  }
  return destinations;
}

/** Fires destinations inside the frame, at most ten per call; returns how many. */
export function fireDestinations(destinations: readonly Destination[], fire: (destination: Destination) => void): number {
  const due = destinations.slice(0, MAX_PER_CALL);
  due.forEach(fire);
  return due.length;
}
