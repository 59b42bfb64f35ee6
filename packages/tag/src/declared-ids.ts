import type { EventParams } from '@audience-relay/protocol';
import { normalizeDeclaredIds } from './signals';

/** The IDs the page declared with `ids`, which every later event call carries. */
export interface DeclaredIds {
  readonly list: EventParams['ids'];
  /** Checks `input` (throws BAD_REQUEST naming the bad entries) and adds it. */
  add(input: unknown): void;
}

/** A newer ID for a data source replaces the older one; the last 10 data sources are kept. */
export function createDeclaredIds(): DeclaredIds {
  let list: EventParams['ids'] = [];
  return {
    get list() {
      return list;
    },
    add(input) {
      const added = normalizeDeclaredIds(input);
      list = [...list.filter((d) => !added.some((a) => a.source === d.source)), ...added].slice(-10);
    },
  };
}
