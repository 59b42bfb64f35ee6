/**
 * Runs a publisher's callback, an ad library call, or a listener or timer of ours on the host
 * page (whose built-ins may be patched or missing); if it throws, logs and carries on:
 * nothing reaches the page.
 */
export function safely(run: () => void): void {
  try {
    run();
  } catch (error) {
    console.error('[audience-relay]', error);
  }
}

/** How a rejected command or a config problem found later reaches the publisher: the console. */
export function reportError(error: unknown): void {
  console.error(error instanceof Error ? error.message : error);
}
