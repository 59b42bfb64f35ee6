/** Parameters of the event call that the provider receives, in this order, when the call carried them. */
export const PASSED_ON = ['gdpr', 'gdpr_consent', 'gpp', 'gpp_sid', 'us_privacy'] as const;

/**
 * The privacy parameters a provider's URL template already carries (names compared without
 * case), in the order the DCS appends them. The DCS appends the page's own values after the
 * template's, so such a template sends each twice, and a provider reading the first value
 * reads the template's (`gdpr=0` for an EU visitor). Config and check refuse it.
 */
export function privacyKeysIn(template: string): string[] {
  const query = template.split('#')[0]!.split('?').slice(1).join('?');
  const names = new Set(
    query
      .split('&')
      .map((pair) => pair.split('=')[0]!)
      .map((name) => {
        try {
          return decodeURIComponent(name).toLowerCase();
        } catch {
          return name.toLowerCase();
        }
      }),
  );
  return PASSED_ON.filter((key) => names.has(key));
}

/** The problem with a template that carries privacy parameters, or null. */
export function templatePrivacyProblem(template: string): string | null {
  const keys = privacyKeysIn(template);
  return keys.length ? `has ${keys.join(', ')}, which the DCS appends itself with the page's values: remove them` : null;
}

/**
 * The problem with a template that has a `#fragment`, or null. No HTTP client sends a fragment,
 * and the DCS appends the privacy parameters to the end of the template: after a `#` they (and a
 * macro there) would never reach the provider, which would see no `gdpr=1` for an EU visitor.
 */
export function templateFragmentProblem(template: string): string | null {
  return template.includes('#')
    ? 'has a #fragment, which HTTP clients never send: the privacy parameters the DCS appends (gdpr, gdpr_consent, …) would go after it and never reach the endpoint: remove it'
    : null;
}
