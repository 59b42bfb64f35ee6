/** Where the debug tools bundle registers itself on the window. */
export const DEBUG_KEY = Symbol.for('audience-relay.debug');

/** `?audience-relay-debug` (or `#audience-relay-debug`) in the page URL: open the debug panel. */
export const debugAsked = (): boolean => /[?#&]audience-relay-debug\b/.test(location.search + location.hash);
