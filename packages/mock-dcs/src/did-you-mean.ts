/**
 * The one of `known` that `given` most likely meant (a typo, a missing or extra suffix such as
 * `timeout` for `timeoutMs`, another letter case), or null when none is close.
 */
export function didYouMean(given: string, known: readonly string[]): string | null {
  const lower = given.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    if (other === lower) return candidate;
    // A prefix of at least 3 characters, either way: `run` for `runs`, `ttl` for `ttlDays`.
    const distance = Math.min(lower.length, other.length) >= 3 && (other.startsWith(lower) || lower.startsWith(other)) ? 1 : editDistance(lower, other);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(given.length / 3)) ? best : null;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
