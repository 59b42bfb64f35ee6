import { own } from '@audience-relay/protocol';
import { randomId } from '../random-id';
import { dataOf, sourceOf } from '../message-accessors';
import { listen } from '../listen';
import { parseJson } from '../platform';

/** The three IAB CMP APIs a page may offer. */
export type CmpApi = '__tcfapi' | '__gpp' | '__uspapi';
export type CmpCallback = (value: unknown, success: boolean) => void;
/**
 * Runs one command of a CMP API; the callback may be called more than once (event
 * listeners). `parameter` is the command's last argument (a listener ID to remove).
 * `stop` removes what finding the CMP added (the locator's message listener).
 */
export type CmpCall = ((command: string, callback: CmpCallback, parameter?: unknown) => void) & { stop?(): void };

/** The API version each command names (GPP takes none). */
const VERSIONS: Record<CmpApi, number | undefined> = { __tcfapi: 2, __gpp: undefined, __uspapi: 1 };

/**
 * Finds a CMP API: the function on this window, else, when the page is framed, through the
 * `<api>Locator` frame of the nearest ancestor that has one, by `postMessage` (`<api>Call`
 * out, `<api>Return` back, matched by call ID and by `event.source`). Null when the page
 * has none.
 */
export function findCmp(win: Window, api: CmpApi): CmpCall | null {
  const version = VERSIONS[api];
  const direct = (win as unknown as Record<string, unknown>)[api];
  if (typeof direct === 'function') {
    return (command, callback, parameter) => (version ? direct(command, version, callback, parameter) : direct(command, callback, parameter));
  }
  const host = locatorHost(win, `${api}Locator`);
  if (!host) return null;
  // A listener's callback answers on every change; any other command's answers once, and is
  // then forgotten: `getUSPData` is asked before every event call, so a long session through a
  // locator frame kept one callback per call (the soak's class: memory without bound). A CMP
  // that never answers (a stub whose CMP never came) keeps the last 20 waiting, no more.
  const listeners = new Map<unknown, CmpCallback>();
  const waiting = new Map<unknown, CmpCallback>();
  const listener = (event: MessageEvent): void => {
    // Through the accessors taken at start (message-accessors.ts).
    if (sourceOf(event) !== host) return;
    let data = dataOf(event);
    try {
      // Older CMPs answer with a JSON string.
      if (typeof data === 'string') data = parseJson(data);
    } catch {
      return;
    }
    const reply = own(data, `${api}Return`);
    const callId = own(reply, 'callId');
    const callback = listeners.get(callId) ?? waiting.get(callId);
    waiting.delete(callId);
    callback?.(own(reply, 'returnValue'), own(reply, 'success') === true);
  };
  const unlisten = listen(win, 'message', listener as (event: Event) => void);
  const call: CmpCall = (command, callback, parameter) => {
    const callId = `ar${randomId()}`;
    if (command === 'addEventListener') listeners.set(callId, callback);
    else {
      waiting.set(callId, callback);
      if (waiting.size > 20) waiting.delete(waiting.keys().next().value);
    }
    host.postMessage({ [`${api}Call`]: { command, version, callId, parameter } }, '*');
  };
  call.stop = unlisten;
  return call;
}

/** This window or the nearest ancestor holding a frame named `name`. */
function locatorHost(win: Window, name: string): Window | null {
  // `top` no page can replace; `parent` it can (`var parent = …` in a page script replaces it
  // for every script of the page, as `null` or any object). A `parent` that is not a window,
  // or one that leads round in a circle, is left for `top`, where CMPs keep their locator.
  const top = win.top;
  const seen = new Set<Window>();
  for (let w: Window | null = win; w && !seen.has(w); ) {
    seen.add(w);
    try {
      // Named child frames are readable even on a cross-origin ancestor. Only a frame: on a
      // same-origin window an element's id or name answers too (`<div id=__tcfapiLocator>`).
      const frame = (w.frames as unknown as Record<string, Window | undefined>)[name];
      if (frame && frame.window === frame) return w;
    } catch {
      // An ancestor we may not look into.
    }
    if (w === top) return null;
    let next: Window | null = top;
    try {
      const parent: Window | null = w.parent;
      if (parent && !seen.has(parent) && parent.window === parent) next = parent;
    } catch {
      // A same-origin ancestor whose `parent` throws: go to the top.
    }
    w = next;
  }
  return null;
}
