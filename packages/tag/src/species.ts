/**
 * Whether the page made the species of arrays or promises its own before we started
 * (`Array[Symbol.species]`, `Promise.prototype.constructor` or its `Symbol.species`): then the
 * built-ins our code runs on (`map`, `slice`, `then`) would make the page's objects, which may
 * keep nothing or never settle (e2e attack12-builtins-at-call-time.spec.ts), and the tag would stall with no
 * reason given. A species that makes its own kind (zone.js's ZoneAwarePromise) or leaves it to
 * the default (undefined) is fine. A getter that throws counts as taken.
 */
export function speciesTaken(): boolean {
  const makesItsOwn = (prototype: { constructor?: unknown }): boolean => {
    const made = prototype.constructor as { [Symbol.species]?: unknown } | undefined;
    if (made === undefined) return true;
    const species = made[Symbol.species];
    return species === undefined || species === null || species === made;
  };
  try {
    // The intrinsic prototypes, whatever the page made of the globals `Array` and `Promise`.
    return !makesItsOwn(Object.getPrototypeOf([]) as object) || !makesItsOwn(Object.getPrototypeOf((async () => {})()) as object);
  } catch {
    return true;
  }
}

/** What the console says (short: it is in the CDN tag; docs/SECURITY.md says more). */
export const SPECIES_TAKEN = 'the page replaced the species of Array or Promise';
