import type { Consent } from '../types';

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

export function createConsentGate(initial: Consent, timeoutMs: number, handlers: GateHandlers): ConsentGate {
  let consent = initial;
  let state: GateState = from(initial, 'waiting');
  let late = false;
  // The reading `overrule` withdrew.
  let overruled: Consent | null = null;
  const timer = setTimeout(() => {
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
      if (overruled && next.state === 'granted' && next.tcString === overruled.tcString && next.gpp === overruled.gpp && next.usPrivacy === overruled.usPrivacy) return;
      overruled = null;
      move(next);
    },
    overrule() {
      overruled = consent;
      move({ ...consent, state: 'denied' });
    },
    stop: () => clearTimeout(timer),
  };

  function move(next: Consent): void {
    const was = state;
    consent = next;
    state = from(next, late ? 'late' : 'waiting');
    if (state === 'open') {
      clearTimeout(timer);
      handlers.opened();
    } else if (was === 'open' && state === 'closed') handlers.withdrawn();
    handlers.changed(next);
  }
}

function from(consent: Consent, pending: GateState): GateState {
  return consent.state === 'granted' ? 'open' : consent.state === 'denied' ? 'closed' : pending;
}
