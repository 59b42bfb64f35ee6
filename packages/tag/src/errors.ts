import { MAX_PROBLEMS, RelayError } from '@audience-relay/protocol';

/** Set by the build: false in the CDN tag, true in the npm build, the on-demand bundles and the tests. */
declare const __FULL_ERRORS__: boolean;

/**
 * Whether input errors carry their full text. The CDN tag names only the field (or command)
 * and the problem, as production React builds do: the full texts cost every visitor bytes,
 * and docs/config-reference.md lists each with its fix. `FULL ? '…' : ''` at each message
 * lets the minifier drop the text from the CDN build. The relay's runtime errors (a
 * `ready` result's `error`) do the same: in the CDN build their code is the whole story
 * (docs/config-reference.md, "ready statuses", says what each code means), and the message
 * is empty or a bare figure.
 */
export const FULL: boolean = __FULL_ERRORS__;

/**
 * Unusable input from the page: one `BAD_REQUEST` error whose message names the problems,
 * the first 20 of them and how many more there are, so huge bad input makes a short message.
 */
export function inputError(what: string, problems: readonly string[]): RelayError {
  const more = problems.length - MAX_PROBLEMS;
  const named = problems.slice(0, MAX_PROBLEMS).join('; ');
  return new RelayError('BAD_REQUEST', `[audience-relay] invalid ${what}: ${named}${more > 0 ? `; and ${more} more` : ''}`);
}

/**
 * Runs a check on the page's input; what the input itself throws (a getter, a Proxy trap)
 * becomes the call's `BAD_REQUEST`, like any other unusable input.
 */
export function readable<T>(what: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof RelayError ? error : inputError(what, [FULL ? 'it threw when read' : 'unreadable']);
  }
}
