/** Thrown (or rejected) when input from the page is unusable; lists every problem at once. */
export class AudienceRelayInputError extends Error {
  readonly problems: readonly string[];

  constructor(what: string, problems: readonly string[]) {
    super(`[audience-relay] invalid ${what}: ${problems.join('; ')}`);
    this.name = 'AudienceRelayInputError';
    this.problems = problems;
  }
}
