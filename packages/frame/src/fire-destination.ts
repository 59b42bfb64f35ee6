import type { Destination } from './destinations';

/** Partner iframes alive at once, and fired destinations waiting for a place among them. */
const MAX_FRAMES = 10;
const MAX_WAITING = 50;
/** How long a partner's iframe may run: long enough for its own pixels and scripts. */
const FRAME_LIFE_MS = 30_000;

/**
 * Fires a destination inside the frame: an image, or a nested iframe sandboxed to scripts only
 * (no same-origin access, no navigation of ours), removed after 30 s. At most ten such
 * iframes are alive at once: each is a third-party document (a process of its own), and a
 * destination URL with a cache-buster (`%RND%`, `%TIMESTAMP%`) is new on every answer, so a
 * page that calls often (a signal per scroll step) would keep ten more per call. Those past
 * the ten wait their turn (fifty at most; more are dropped).
 */
export function destinationFirer(doc: Document): (destination: Destination) => void {
  let alive = 0;
  const waiting: string[] = [];
  const open = (url: string): void => {
    alive++;
    const frame = doc.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.width = '0';
    frame.height = '0';
    frame.src = url;
    doc.body.appendChild(frame);
    setTimeout(() => {
      frame.remove();
      alive--;
      const next = waiting.shift();
      if (next) open(next);
    }, FRAME_LIFE_MS);
  };
  return ({ type, url }) => {
    if (type === 'img') {
      const image = new Image();
      image.referrerPolicy = 'no-referrer';
      image.src = url;
    } else if (alive < MAX_FRAMES) open(url);
    else if (waiting.length < MAX_WAITING) waiting.push(url);
  };
}
