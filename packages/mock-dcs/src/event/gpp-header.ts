const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The largest section ID a header may name: GPP's are 2 to 23 today; room for many more. */
export const MAX_GPP_SECTION_ID = 255;

/**
 * Whether a GPP string's header (what comes before the first `~`) is a GPP v1 header whose
 * section IDs are all at most {@link MAX_GPP_SECTION_ID}. Read here before the IAB library
 * reads it: the library expands each Fibonacci-coded range of section IDs into an array, one
 * entry per ID, so a header of a few characters naming sections 1 to 10^7 holds the server
 * for seconds and 10^8 runs it out of memory. IDs only grow along the header (each is coded
 * as a positive step from the one before), so bounding the largest bounds their number too.
 */
export function readableGppHeader(gpp: string): boolean {
  const text = gpp.split('~', 1)[0] ?? '';
  let bits = '';
  for (const char of text) {
    const value = B64URL.indexOf(char);
    if (value < 0) return false;
    bits += value.toString(2).padStart(6, '0');
  }
  let at = 0;
  const fixed = (width: number): number => {
    at += width;
    return at <= bits.length ? parseInt(bits.slice(at - width, at), 2) : -1;
  };
  // A Fibonacci code: a bit per Fibonacci number (1, 2, 3, 5…), lowest first, closed by a
  // second 1 in a row. Infinity when it is not there or its value passes the bound.
  const fibonacci = (): number => {
    let value = 0;
    let [low, high] = [1, 2];
    for (let previous = '0'; at < bits.length; at++) {
      const bit = bits[at];
      if (bit === '1' && previous === '1') {
        at++;
        return value;
      }
      if (bit === '1') value += low;
      if (value > MAX_GPP_SECTION_ID) return Infinity;
      [low, high, previous] = [high, low + high, bit ?? '0'];
    }
    return Infinity;
  };
  if (fixed(6) !== 3 || fixed(6) < 0) return false;
  const groups = fixed(12);
  if (groups < 0) return false;
  let id = 0;
  for (let i = 0; i < groups; i++) {
    const range = fixed(1) === 1;
    id += fibonacci();
    if (range) id += fibonacci();
    if (!(id <= MAX_GPP_SECTION_ID)) return false;
  }
  return true;
}
