import type { SegmentsEvent } from './types';

/** The segments before any answer (or once consent is withdrawn): none, no identity. */
export const EMPTY: SegmentsEvent = { segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null }, cached: false };
