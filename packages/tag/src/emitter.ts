import { safely } from './safely';
import type { RelayEventName, RelayEvents, RelayListener } from './types';
import { copy } from './platform';

export const EVENTS: readonly RelayEventName[] = ['segments', 'connected', 'lost', 'reconnected', 'debug'];

export interface Emitter {
  add<K extends RelayEventName>(event: K, listener: RelayListener<K>): void;
  remove<K extends RelayEventName>(event: K, listener: RelayListener<K>): void;
  has<K extends RelayEventName>(event: K, listener: RelayListener<K>): boolean;
  /**
   * Calls each listener with its own copy of `event`; one that throws does not stop the others.
   * `segments` is a state: a listener that makes newer segments (it opted out, destroyed the
   * relay) has them told to every listener at once, and the older event goes to no one after.
   */
  emit<K extends RelayEventName>(name: K, event: RelayEvents[K]): void;
  clear(): void;
}

export function createEmitter(): Emitter {
  const listeners = new Map<RelayEventName, Set<RelayListener<never>>>(EVENTS.map((name) => [name, new Set()]));
  let segmentsRound = 0;
  const set = <K extends RelayEventName>(name: K): Set<RelayListener<K>> => listeners.get(name) as Set<RelayListener<K>>;
  return {
    add: (event, listener) => void set(event).add(listener),
    remove: (event, listener) => void set(event).delete(listener),
    has: (event, listener) => set(event).has(listener),
    emit(name, event) {
      const round = name === 'segments' ? ++segmentsRound : 0;
      for (const listener of [...set(name)]) {
        if (round && round !== segmentsRound) return;
        safely(() => listener(copy(event)));
      }
    },
    clear: () => listeners.forEach((s) => s.clear()),
  };
}
