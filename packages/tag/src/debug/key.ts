/** Where the debug tools bundle registers itself on the window. */
export const DEBUG_KEY = Symbol.for('audience-relay.debug');
