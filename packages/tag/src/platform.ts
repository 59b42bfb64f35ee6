// Platform functions the tag calls after it started, taken from the page once, when the tag
// evaluates: a page that later deletes or replaces them (`delete window.structuredClone`,
// `window.queueMicrotask = undefined`) changes nothing for the tag, and a browser or page
// without them gets a fallback instead of an exception in the middle of a call.
// (Timers are read where they are used: test fake timers replace them after this runs.)

import { taken } from '@audience-relay/protocol';
import { safely } from './safely';

const nativeClone = /* @__PURE__ */ taken(() => structuredClone);
const nativeMicrotask = /* @__PURE__ */ taken(() => queueMicrotask);
const { parse, stringify } = JSON;
/** `JSON.parse` as it was at start. */
export const parseJson: (text: string) => unknown = parse;
/** `URL`, for the page URLs of SPA route changes long after start; undefined where the page had none. */
export const NativeURL = /* @__PURE__ */ taken(() => URL);
/** `MessageChannel`, for the port of a frame's hello, which may come long after start. */
export const NativeMessageChannel = /* @__PURE__ */ taken(() => MessageChannel);
// Not `Promise.resolve()`: a page may have deleted it before the tag evaluated.
const settled = new Promise<void>((resolve) => resolve());

/** A deep copy of plain data (segments events, snapshots): what the page gets to keep and change. */
export function copy<T>(value: T): T {
  return nativeClone ? nativeClone(value) : (parse(stringify(value)) as T);
}

/**
 * Runs `run` at the end of this task, after the calls made in it; what it throws (a built-in
 * the page broke since we started) goes to the console, never into the page.
 */
export function microtask(run: () => void): void {
  const guarded = (): void => safely(run);
  if (nativeMicrotask) nativeMicrotask(guarded);
  else void settled.then(guarded);
}

/** `setTimeout(run, ms)` as the page has it now (test fake timers), with `run` guarded as `microtask`'s. */
export function later(run: () => void, ms?: number): ReturnType<typeof setTimeout> {
  return setTimeout(() => safely(run), ms);
}
