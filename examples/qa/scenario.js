// Shows how `ready` settled, and why, in words. textContent only.
// Pages that share this script show what they have room for (the strict-CSP page has no
// `meaning`): a missing element is skipped, so the rest is still shown.
const show = (id, value) => {
  const element = document.querySelector(`[data-testid="${id}"]`);
  if (element) element.textContent = value;
};
/** What each `ready` status means, for a person reading this page. */
const MEANING = {
  fresh: 'the DCS answered within the deadline: these are this page view\'s segments.',
  cached: 'the DCS was slower than the deadline; the segments are the last visit\'s, from this browser\'s first-party cache.',
  timeout: 'the DCS did not answer by the deadline (timeoutMs), and there were no cached segments to fall back on.',
  error: 'the call to the DCS failed (see the error); the page keeps working, with cached segments if there are any.',
  blocked: 'the DCS frame never connected (connectTimeoutMs): the page\'s CSP (frame-src), an ad blocker, the DCS not allowing this page\'s origin, or the frame not served. diagnose() says which.',
  'no-consent': 'the page\'s consent management platform refused or has not answered: nothing was stored or sent.',
  'opted-out': 'this browser opted out: the tag makes no call to the DCS.',
};
audienceRelay('ready').then((result) => {
  show('status', result.status);
  show('elapsed', String(Math.round(performance.now())));
  show('meaning', MEANING[result.status] ?? '');
  show('error', result.error ? `${result.error.code}: ${result.error.message}` : '(none)');
  const segments = result.segments.join(', ') || '(none)';
  show(
    'segments',
    result.cached
      ? `${segments} — cached: kept from an earlier page view in this browser (a day by default, cacheMaxAgeMs) and applied because this page view's fresh segments did not come (${result.status}).`
      : segments,
  );
});
