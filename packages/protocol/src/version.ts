/**
 * Protocol versions. Tag and frame deploy independently (the frame is served by the DCS,
 * the tag may be pinned by a publisher), so each side announces the range it speaks and
 * the tag picks the highest version both understand.
 */
export interface VersionRange {
  min: number;
  max: number;
}

/** 1: the handshake and `event`/`optOut` requests. 2: adds the boot call (`boot-call.ts`). */
export const SUPPORTED_VERSIONS: VersionRange = { min: 1, max: 2 };

/** The highest version inside both ranges, or `null` when they do not overlap. */
export function negotiateVersion(ours: VersionRange, theirs: VersionRange): number | null {
  // Comparisons, not Math.min/max: on the host page they may be the page's by now.
  const high = ours.max < theirs.max ? ours.max : theirs.max;
  const low = ours.min > theirs.min ? ours.min : theirs.min;
  return high >= low ? high : null;
}
