import type { SegmentsEvent } from './types';

/**
 * The segments before any answer (or once consent is withdrawn): none, no identity. A new
 * object each time: what is handed to the page is the page's to change, and must never be
 * shared with a later answer.
 */
export const noSegments = (): SegmentsEvent => ({ segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null }, cached: false });
