import { entries, type Caller, type EventParams, type EventResult, type RelayError, type Sent } from '@audience-relay/protocol';
import type { CallRecord, DebugEvent } from '../types';

/** Deadline of one request on the port; above the frame's DCS timeout so the frame's typed error wins. */
export const CALL_TIMEOUT_MS = 5000;

export interface DebugStream {
  /** One request to the frame, told to the debug stream when sent and when answered. */
  send(to: Caller, params: EventParams, method: CallRecord['method'], onSent?: Sent): Promise<EventResult>;
  /** Requests sent so far. */
  readonly calls: number;
}

/**
 * Params as the debug stream shows them: `p_` values are private (evaluated by the DCS, never
 * stored, shown or logged: the protocol's rule), so every listener and the panel see the key only.
 */
export function shownParams(params: EventParams): EventParams {
  const signals: EventParams['signals'] = {};
  for (const [key, values] of entries(params.signals)) signals[key] = key[0] === 'p' ? ['(private)'] : values;
  return { ...params, signals };
}

/** The typed debug stream's side of each request (see `DebugEvent`). */
export function createDebugStream(emit: (event: DebugEvent) => void): DebugStream {
  let calls = 0;
  return {
    send(to, params, method, onSent) {
      const call: CallRecord = { id: ++calls, method, params: shownParams(params), sentAt: Date.now() };
      emit({ type: 'sent', call });
      const answered = (patch: Partial<CallRecord>): void => emit({ type: 'answered', call: { ...call, durationMs: Date.now() - call.sentAt, ...patch } });
      return to.call(params, CALL_TIMEOUT_MS, method, onSent).then(
        (result) => {
          const { cookies: _, ...shown } = result;
          answered({ result: shown });
          return result;
        },
        (error: RelayError) => {
          answered({ error: { code: error.code, message: error.message } });
          throw error;
        },
      );
    },
    get calls() {
      return calls;
    },
  };
}
