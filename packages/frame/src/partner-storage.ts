/**
 * The frame's storage seen through one partner's prefix. Frames of several partners may share
 * a host (one CDN for every partner, as docs/deploying.md lays them out), and so one storage:
 * each partner's frame reads, writes and clears only its own keys, so one partner's opt-out
 * (which forgets what the frame stored) never touches another partner's records.
 */
export function partnerStorage(storage: Storage | null, partner: string): Storage | null {
  if (!storage) return null;
  const prefix = `${partner}:`;
  const own = (): string[] => {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key !== null && key.startsWith(prefix)) keys.push(key);
    }
    return keys;
  };
  return {
    get length() {
      return own().length;
    },
    key: (index) => own()[index]?.slice(prefix.length) ?? null,
    getItem: (key) => storage.getItem(prefix + key),
    setItem: (key, value) => storage.setItem(prefix + key, value),
    removeItem: (key) => storage.removeItem(prefix + key),
    clear: () => own().forEach((key) => storage.removeItem(key)),
  };
}
