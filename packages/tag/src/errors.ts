import { RelayError } from '@audience-relay/protocol';

/** Unusable input from the page: one `BAD_REQUEST` error whose message names every problem. */
export function inputError(what: string, problems: readonly string[]): RelayError {
  return new RelayError('BAD_REQUEST', `[audience-relay] invalid ${what}: ${problems.join('; ')}`);
}
