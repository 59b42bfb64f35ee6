/**
 * Runs `run` on the page's storage, or gives `fallback` when the storage (or the call) throws:
 * blocked, full or sandboxed storage behaves as empty and keeps nothing. Shared by the tag's
 * stores in `localStorage` (segment cache, device-ID copy, opt-out marker).
 */
export function inStorage<T>(storage: () => Storage, run: (store: Storage) => T, fallback: T): T {
  try {
    return run(storage());
  } catch {
    return fallback;
  }
}
