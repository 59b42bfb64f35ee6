/** Resolves in a later task: after what the code under test deferred with `setTimeout(…)`. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve));
