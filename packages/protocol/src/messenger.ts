import { RelayError } from './errors';
import {
  NAMESPACE,
  isRequest,
  isResponse,
  type EventParams,
  type EventResult,
  type RequestMethod,
  type ResponseMessage,
  type WireError,
} from './messages';
import { NativePromise, stopTimer } from './intrinsics';
import { MAX_PRIVACY_BYTES, privacyBytes } from './limits';
import { inert, own } from './own';

/** The part of `MessagePort` the messenger uses, so tests can pass a fake. */
export interface Port {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

/**
 * The frame says a call is on its way to the DCS (`taken` true: a frame that reloads after that
 * made the call, whether or not its answer came), or, `taken` false, that the DCS refused it for
 * now (429 or 503, not taken) and the frame waits to try it again: until it does, the call has
 * not been made.
 */
export type Sent = (taken?: boolean) => void;

/** The tag's side of the port: calls with deadlines; every call settles. */
export interface Caller {
  /** `onSent`: the frame's `sent` messages for this call (from frames that send them). */
  call(params: EventParams, timeoutMs: number, method?: RequestMethod, onSent?: Sent): Promise<EventResult>;
  /** Feeds a message received on the port; returns true when it answered a pending call. */
  handle(data: unknown): boolean;
  /** Rejects every pending call with `DESTROYED`; later calls reject at once. */
  destroy(reason: string): void;
}

interface Pending {
  resolve(result: EventResult): void;
  reject(error: RelayError): void;
  timer: ReturnType<typeof setTimeout> | undefined;
  onSent?: Sent | undefined;
}

export function createCaller(port: Pick<Port, 'postMessage'>): Caller {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let destroyedReason: string | null = null;

  function settle(id: number): Pending | undefined {
    const entry = pending.get(id);
    if (entry) {
      pending.delete(id);
      stopTimer(entry.timer);
    }
    return entry;
  }

  return {
    call(params, timeoutMs, method = 'event', onSent) {
      if (destroyedReason !== null) {
        return Promise.reject(new RelayError('DESTROYED', destroyedReason));
      }
      const id = nextId++;
      return new NativePromise<EventResult>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          timer = setTimeout(() => {
            settle(id);
            reject(new RelayError('CALL_TIMEOUT', `no answer from the frame within ${timeoutMs} ms`));
          }, timeoutMs);
        } catch {
          // No timers on this page (setTimeout replaced by one that throws): the call still goes;
          // its answer, or the port's end, settles it.
        }
        pending.set(id, { resolve, reject, timer, onSent });
        try {
          port.postMessage({ ns: NAMESPACE, type: 'request', id, method, params });
        } catch (error) {
          settle(id);
          reject(new RelayError('BAD_REQUEST', String(error)));
        }
      });
    },
    handle(data) {
      if (own(data, 'ns') === NAMESPACE && own(data, 'type') === 'sent') {
        // `taken: false` from frames that say so; older frames only ever say it was taken.
        pending.get(own(data, 'id') as number)?.onSent?.(own(data, 'taken') !== false);
        return true;
      }
      if (!isResponse(data)) return false;
      const entry = settle(data.id);
      if (!entry) return false;
      // Its timer is cleared: whatever happens now, the call settles here.
      try {
        if (data.result) entry.resolve(inert(data.result));
        else entry.reject(new RelayError(data.error!.code, data.error!.message));
      } catch (error) {
        entry.reject(new RelayError('DCS_ERROR', String(error)));
      }
      return true;
    },
    destroy(reason) {
      destroyedReason = reason;
      for (const id of [...pending.keys()]) {
        settle(id)?.reject(new RelayError('DESTROYED', reason));
      }
    },
  };
}

/** The frame's side of the port: answers `event` and `optOut` requests through `handler`. */
export function servePort(port: Port, handler: (params: EventParams, method: RequestMethod, sent: Sent) => Promise<EventResult>): void {
  port.onmessage = (event) => {
    const data: unknown = event.data;
    if (!isRequest(data)) {
      // A malformed request that still names an id gets a typed refusal, so the caller
      // does not wait for its timeout; anything else is dropped silently.
      const id = own(data, 'id');
      if (own(data, 'ns') === NAMESPACE && own(data, 'type') === 'request' && typeof id === 'number') {
        reply(port, id, { error: { code: 'BAD_REQUEST', message: refusal(own(own(data, 'params'), 'privacy')) } });
      }
      return;
    }
    // `sent`, called by the handler once the call is on its way to the DCS (the browser has
    // the request, not the frame's queue): the tag then knows it was made if this frame
    // reloads before the answer (its element moved), and sends it again without its signals.
    // (Session storage, the frame's own record of it, is refused where third-party site data
    // is blocked.) Told before then, a frame torn down with the call still in its queue lost
    // the call's signals for good (soak11).
    // And `sent(false)` when the DCS refused it for now (429, 503) and the frame waits to try
    // again: a frame torn down during that wait never made the call, which must then go again
    // with its signals (outside review attack15).
    let told = false;
    const sent: Sent = (taken = true) => {
      if (data.method === 'optOut' || told === taken) return;
      told = taken;
      port.postMessage({ ns: NAMESPACE, type: 'sent', id: data.id, taken });
    };
    handler(data.params, data.method, sent).then(
      (result) => reply(port, data.id, { result }),
      (error: unknown) => reply(port, data.id, { error: toWireError(error) }),
    );
  };
}

/**
 * Why a request was refused. The one cause a correct tag can meet is named: a CMP's TC and GPP
 * strings longer than an event call can carry (the tag forwards them as the CMPs gave them;
 * the check lives here, off the host page). Nothing is sent without them: that would tell the
 * DCS something other than what the CMPs said.
 */
function refusal(privacy: unknown): string {
  const tcString = own(privacy, 'tcString');
  const gpp = own(privacy, 'gpp');
  const bytes = typeof tcString === 'string' || typeof gpp === 'string' ? privacyBytes({ tcString: typeof tcString === 'string' ? tcString : null, gpp: typeof gpp === 'string' ? gpp : null }) : 0;
  return bytes > MAX_PRIVACY_BYTES ? `the page's TC and GPP strings take ${bytes} bytes, over the ${MAX_PRIVACY_BYTES} an event call can carry: nothing was sent` : 'malformed event request';
}

function reply(port: Port, id: number, body: { result: EventResult } | { error: WireError }): void {
  const message: ResponseMessage = { ns: NAMESPACE, type: 'response', id, ...body };
  port.postMessage(message);
}

export function toWireError(error: unknown): WireError {
  if (error instanceof RelayError) return { code: error.code, message: error.message };
  return { code: 'DCS_ERROR', message: error instanceof Error ? error.message : String(error) };
}
