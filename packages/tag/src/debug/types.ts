import type { EventParams, EventResult } from '@audience-relay/protocol';
import type { Consent } from '../consent/consent';
import type { AudienceRelay, SegmentsEvent } from '../relay';

// The types of the debugging surface: the typed debug stream, the relay's snapshot, the
// diagnosis, and what the on-demand debug tools bundle provides.

/** One request to the frame, as the debug stream shows it. */
export interface CallRecord {
  /** 1, 2, 3… in the order sent. */
  id: number;
  method: 'event' | 'optOut' | 'boot';
  /** What was sent: signals, traits, declared IDs, URL, privacy signals, device ID. */
  params: EventParams;
  /** `Date.now()` when sent. */
  sentAt: number;
  /** Set once answered. */
  durationMs?: number;
  result?: Omit<EventResult, 'cookies'>;
  error?: { code: string; message: string };
}

/**
 * The typed debug stream (`on('debug', fn)`), what the debug panel shows: consent as read,
 * each request when sent and when answered, and the fire-and-forget call at page hide.
 */
export type DebugEvent =
  | { type: 'consent'; consent: Consent }
  | { type: 'sent'; call: CallRecord }
  | { type: 'answered'; call: CallRecord }
  | { type: 'beacon'; params: EventParams };

/** The relay's state at one moment, for `diagnose()` and the debug panel. */
export interface RelaySnapshot {
  partner: string;
  dcsOrigin: string;
  /** The frame's URL (the `frame` option; `<dcs>/frame.html` by default). */
  frameUrl?: string;
  consent: Consent;
  /** The CMPs had not answered by `consent.timeoutMs`. */
  consentLate: boolean;
  optedOut: boolean;
  /** `idle`: not mounted (no consent yet); `connecting`; `connected`; `failed` (see `failure`). */
  frame: 'idle' | 'connecting' | 'connected' | 'failed';
  failure: { code: string; message: string } | null;
  /** The last call's error, if it failed. */
  lastError: { code: string; message: string } | null;
  /** Requests sent so far, and whether one is in flight or commands are queued. */
  calls: number;
  inFlight: boolean;
  queued: boolean;
  /** The best segments now (fresh, else cached), with identity; null before any. */
  latest: SegmentsEvent | null;
  /** Whether the last answer was fresh from the DCS for this page. */
  fresh: boolean;
}

/** One reason for the state of the segments, with a code a program can switch on. */
export interface DiagnosisReason {
  code: string;
  message: string;
}

export interface Diagnosis {
  /** True when fresh segments are there. */
  ok: boolean;
  /** One line for people. */
  summary: string;
  reasons: DiagnosisReason[];
  snapshot: RelaySnapshot;
}

/** What the debug tools bundle provides. */
export interface DebugTools {
  /** Async: when the frame never said hello, it asks the browser and the DCS why. */
  diagnose(snapshot: RelaySnapshot): Diagnosis | Promise<Diagnosis>;
  /** Opens (or brings back) the panel for this relay on the page the tools run in. */
  panel(relay: AudienceRelay): void;
}
