/**
 * The mock DCS servers this worker's fixtures run, so that `diagnose(page)` can name the kit's
 * own DCS when a page's snippet looks for the tag where nothing listens (another port).
 */
const running = new Set<string>();

/** Records a started mock DCS by its URL; returns the function that forgets it once closed. */
export function kitDcsStarted(url: string): () => void {
  running.add(url);
  return () => void running.delete(url);
}

/** The URLs of the mock DCS servers running in this worker, oldest first. */
export function kitDcsUrls(): string[] {
  return [...running];
}
