// The handshake's and the port's built-ins, taken when the tag starts: a page may replace
// `MessageEvent.prototype.origin`/`source`/`data` or `MessagePort.prototype.postMessage` later
// (an instrumentation wrapper, a library loaded after us, a hostile script), and the frame's
// hello must still be heard and every call still reach the frame (e2e
// attack13-message-accessors-after-start.spec.ts).
import { apply, taken } from '@audience-relay/protocol';

const descriptor = (proto: object | undefined, key: string): PropertyDescriptor | undefined => (proto ? Object.getOwnPropertyDescriptor(proto, key) : undefined);
const EVENT = taken(() => MessageEvent)?.prototype as object | undefined;
const PORT = taken(() => MessagePort)?.prototype as MessagePort | undefined;
const DATA = descriptor(EVENT, 'data')?.get;
const ORIGIN = descriptor(EVENT, 'origin')?.get;
const SOURCE = descriptor(EVENT, 'source')?.get;
const ON_MESSAGE = descriptor(PORT, 'onmessage')?.set;
const POST = PORT?.postMessage;
const CLOSE = PORT?.close;
const NativeTypeError = taken(() => TypeError);

/** Calls the method or accessor taken at start; on what is no real event or port (a unit test's stand-in), its own. */
function call(native: ((...args: never[]) => unknown) | undefined, target: object, key: string, args: unknown[] = []): unknown {
  if (native) {
    try {
      return apply(native, target, args);
    } catch (error) {
      // Only what is no MessageEvent or MessagePort of this realm ("Illegal invocation") is
      // read as its own; any other error (a message the port cannot clone) is the caller's.
      if (!NativeTypeError || !(error instanceof NativeTypeError)) throw error;
    }
  }
  const own = (target as Record<string, unknown>)[key];
  return typeof own === 'function' ? apply(own as (...a: unknown[]) => unknown, target, args) : own;
}

export const dataOf = (event: MessageEvent): unknown => call(DATA, event, 'data');
export const originOf = (event: MessageEvent): unknown => call(ORIGIN, event, 'origin');
export const sourceOf = (event: MessageEvent): unknown => call(SOURCE, event, 'source');

/** A port whose `postMessage` and `close` are the ones taken at start. */
export function portOf(port: MessagePort): { postMessage(message: unknown): void; close(): void; listen(handler: (event: MessageEvent) => void): void } {
  return {
    postMessage: (message) => void call(POST, port, 'postMessage', [message]),
    close: () => void call(CLOSE, port, 'close'),
    listen(handler) {
      if (ON_MESSAGE) {
        try {
          return void apply(ON_MESSAGE, port, [handler]);
        } catch (error) {
          if (!NativeTypeError || !(error instanceof NativeTypeError)) throw error;
        }
      }
      port.onmessage = handler;
    },
  };
}
