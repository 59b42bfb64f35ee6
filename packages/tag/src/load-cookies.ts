import { holdCookies, readCookies } from './cookie';

/** The part of the Cookie Store API we call (not in every DOM lib yet). */
interface CookieStoreInterface {
  prototype: { getAll(this: unknown): Promise<ReadonlyArray<{ name: string; value: string }>> };
}

// The Cookie Store API (Chromium 87+, Safari 18.4+; secure contexts, `*.localhost` included):
// its accessor and `getAll` as the tag starts, from window's own properties (a named element
// cannot stand in; a page's later replacement is not used). The accessor is called only to
// load: its first call makes the store, which costs the page 1-5 ms too.
const STORE = Object.getOwnPropertyDescriptor(globalThis, 'cookieStore')?.get;
const GET_ALL = (globalThis as { CookieStore?: CookieStoreInterface }).CookieStore?.prototype.getAll;

/**
 * Takes this task's cookie jar (see `readCookies`): from the Cookie Store where there is one,
 * so the page does not wait on the browser process, else by one `document.cookie` read. The
 * reads in the task where it resolves are served from it. Never rejects.
 *
 * Measured on a busy page (Chromium 156, medians of 21 loads): the first `document.cookie`
 * read held the page 12.4 ms; the Cookie Store 5 ms (the store made, `getAll` called), but
 * its answer came 24 ms after the page was free again; wired into the tag's start on the
 * publisher example (load average ~19), 107-208 ms after it was asked, and `ready`'s 1500 ms
 * deadline was missed. So what waits on it (the frame's mount) waits longer, for less
 * main-thread time: measure before putting it on the start path.
 */
export function loadCookies(doc: Document): Promise<void> {
  // The stores' loads of one moment (opt-out marker, device ID) share one answer.
  return (loading ??= take(doc));
}

let loading: Promise<void> | null = null;

async function take(doc: Document): Promise<void> {
  // A microtask first: `loading` is set by then, and so is truly cleared below, even when
  // the Cookie Store throws at once.
  await null;
  try {
    let cookies = '';
    for (const { name, value } of await GET_ALL!.call(STORE!.call(globalThis))) cookies += `${name}=${value}; `;
    holdCookies(cookies);
  } catch {
    // No Cookie Store, or it failed: the one synchronous read.
    readCookies(doc);
  }
  loading = null;
}
