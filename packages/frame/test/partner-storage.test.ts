import { describe, expect, it } from 'vitest';
import { partnerStorage } from '../src/partner-storage';

/** A host's localStorage, as two partners' frames on one CDN origin share it. */
function hostStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, String(v)),
    removeItem: (k: string) => void data.delete(k),
    clear: () => data.clear(),
  } as Storage;
}

describe("a partner's view of the frame host's storage", () => {
  it('reads and writes its own keys; clear() removes only them', () => {
    const host = hostStorage();
    host.setItem('unrelated', 'host');
    const acme = partnerStorage(host, 'acme')!;
    const globex = partnerStorage(host, 'globex')!;
    acme.setItem('audience-relay:ibs', 'a');
    globex.setItem('audience-relay:ibs', 'g');
    expect(acme.getItem('audience-relay:ibs')).toBe('a');
    expect(globex.getItem('audience-relay:ibs')).toBe('g');
    expect(acme.length).toBe(1);
    expect(acme.key(0)).toBe('audience-relay:ibs');
    acme.clear();
    expect(acme.getItem('audience-relay:ibs')).toBeNull();
    expect(globex.getItem('audience-relay:ibs')).toBe('g');
    expect(host.getItem('unrelated')).toBe('host');
    globex.removeItem('audience-relay:ibs');
    expect(host.length).toBe(1);
  });

  it('no storage (blocked) stays none', () => {
    expect(partnerStorage(null, 'acme')).toBeNull();
  });
});
