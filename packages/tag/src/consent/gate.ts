import { stopTimer } from '@audience-relay/protocol';
import type { Consent } from '../types';
import { later } from '../platform';

/**
 * The consent gate's states: `waiting` for the CMPs (within `consent.timeoutMs`), `late`
 * (still no answer after it), `open` (granted: storage and DCS calls allowed), `closed`
 * (refused). Any state moves to `open` on a grant and to `closed` on a refusal; a late
 * answer still opens the gate.
 */
export type GateState = 'waiting' | 'late' | 'open' | 'closed';

export interface ConsentGate {
  readonly state: GateState;
  /** The CMPs had not answered by the deadline (stays true once it happened). */
  readonly late: boolean;
  /** The consent as last read, privacy signals included. */
  readonly consent: Consent;
  /**
   * A new reading from the CMPs. The reading `overrule` withdrew, given again (a CMP
   * re-reporting its old grant), is not a new choice: it changes nothing.
   */
  update(next: Consent): void;
  /**
   * Consent withdrawn on another page of the site, while this page's CMP keeps its old
   * answer: withdrawn here too, as the CMP would say, until it gives a new reading.
   */
  overrule(): void;
  stop(): void;
}

export interface GateHandlers {
  /** The gate opened (the first grant, or a grant after a refusal). */
  opened(): void;
  /** A grant was withdrawn: what was stored must go. */
  withdrawn(): void;
  /** Any change of state or reading (`ready` looks again). */
  changed(consent: Consent): void;
}

/**
 * `overruled`: the reading `overrule` withdrew, kept where the caller keeps it (the page: a relay
 * configured again on it starts from the withdrawal, refused, not from the CMP's old answer).
 */
export function createConsentGate(initial: Consent, timeoutMs: number, handlers: GateHandlers, overruled: { value: Consent | null } = { value: null }): ConsentGate {
  const withdrawn = overruled.value;
  let consent = withdrawn ? { ...withdrawn, state: 'denied' as const } : initial;
  let state: GateState = from(consent, 'waiting');
  let late = false;
  const timer = later(() => {
    late = true;
    if (state !== 'waiting') return;
    state = 'late';
    handlers.changed(consent);
  }, timeoutMs);

  return {
    get state() {
      return state;
    },
    get late() {
      return late;
    },
    get consent() {
      return consent;
    },
    update(next) {
      const old = overruled.value;
      // Under TCF only a new TC string is a new choice: a CMP refreshes its GPP or US Privacy
      // string (a section's timestamp) without the visitor choosing anything. Without TCF, those
      // strings are the choice.
      if (old && next.state === 'granted' && next.tcString === old.tcString && (old.tcString || (next.gpp === old.gpp && next.usPrivacy === old.usPrivacy))) return;
      overruled.value = null;
      move(next);
    },
    overrule() {
      overruled.value = consent;
      move({ ...consent, state: 'denied' });
    },
    stop: () => stopTimer(timer),
  };

  function move(next: Consent): void {
    const was = state;
    consent = next;
    state = from(next, late ? 'late' : 'waiting');
    if (state === 'open') {
      stopTimer(timer);
      handlers.opened();
    } else if (was === 'open' && state === 'closed') handlers.withdrawn();
    handlers.changed(next);
  }
}

function from(consent: Consent, pending: GateState): GateState {
  return consent.state === 'granted' ? 'open' : consent.state === 'denied' ? 'closed' : pending;
}
