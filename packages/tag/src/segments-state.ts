import type { EventResult } from '@audience-relay/protocol';
import type { Emitter } from './emitter';
import { noSegments } from './no-segments';
import { copy, later } from './platform';
import { safely } from './safely';
import type { DeviceIdStore, Outputs, SegmentCache } from './services';
import type { SegmentsEvent } from './types';

/** The best segments so far (fresh, else cached), and what the last answer said beside them. */
export interface SegmentsState {
  readonly latest: SegmentsEvent | null;
  /** The latest segments are the DCS's answer on this page, not the cache's. */
  readonly fresh: boolean;
  /** The DCS's error codes in the last answer: for `diagnose`, not part of the segments event. */
  readonly dcsErrors: number[];
  /** The last answer carried no trait or segment list (d_cts not enabled for the account). */
  readonly unlisted: boolean;
  /** New best segments: to the outputs, then to the page's listeners, each isolated from the others. */
  update(event: SegmentsEvent): void;
  /**
   * The latest segments to the page's listeners again (a back/forward-cache restore), not to
   * the outputs: the restored page's data layer, DOM and ad library hold them already, and the
   * segment cookie may hold fresher ones another page of the site wrote since.
   */
  replay(): void;
  /** An answer, while the calls are allowed (`allowed` is asked again before the cache is written). */
  answered(result: EventResult, allowed: () => boolean): void;
  /** The best segments available, as a copy the page may change freely. */
  best(): SegmentsEvent;
}

export function createSegmentsState(outputs: Outputs, emitter: Emitter, deviceIds: DeviceIdStore, cache: SegmentCache): SegmentsState {
  // Fields, not getters: the relay reads them, only this file writes them.
  const state: { -readonly [K in keyof SegmentsState]: SegmentsState[K] } = {
    latest: null,
    fresh: false,
    dcsErrors: [],
    unlisted: false,
    update(event) {
      state.latest = event;
      state.fresh = !event.cached;
      safely(() => outputs.segments(copy(event)));
      // Unless an output's page handler made newer segments meanwhile (it opted out, a data
      // layer's tag or a DOM listener): the listeners were told those, and these would undo them.
      if (state.latest === event) emitter.emit('segments', event);
    },
    replay() {
      if (state.latest) emitter.emit('segments', state.latest);
    },
    answered(result, allowed) {
      // The device ID at once: the next call must carry it.
      if (result.uuid) deviceIds.write(result.uuid);
      // Cookie destinations before the segments: a page's cookie output of the same name wins.
      safely(() => outputs.cookies(result.cookies));
      const { cookies: _, errors = [], listed, ...event } = result;
      state.dcsErrors = errors;
      state.unlisted = listed === false;
      state.update({ ...event, cached: false });
      // The cache (for later pages) waits for the next task, so `ready`'s callbacks (the ad
      // call) run first: a storage write is a round trip to the browser.
      safely(() => later(() => allowed() && cache.write(result.segments)));
    },
    best: () => copy(state.latest ?? noSegments()),
  };
  return state;
}
