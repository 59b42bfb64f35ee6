/** Runs a publisher's callback or an ad library call; if it throws, logs and carries on. */
export function safely(run: () => void): void {
  try {
    run();
  } catch (error) {
    console.error('[audience-relay] a listener or output threw:', error);
  }
}

/** How a rejected command or a config problem found later reaches the publisher: the console. */
export function reportError(error: unknown): void {
  console.error(error instanceof Error ? error.message : error);
}
