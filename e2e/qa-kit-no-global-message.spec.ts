// New-user trial 7: a QA engineer's page without the snippet (pasted on another template, or
// a data-global typo). waitForSegments threw "no audienceRelay() on the page: There is no
// audienceRelay() on the page: the snippet is not pasted, …": its own prefix, then the
// diagnosis saying the same thing again. It now says it once, with the diagnosis's advice.
import { waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

test('waitForSegments on a page without the snippet says what is missing once, with what to do', async ({ page }) => {
  await page.setContent('<!doctype html><title>No snippet</title><p>An article without the snippet.</p>');
  const message = await waitForSegments(page, { timeoutMs: 100 }).then(
    () => 'resolved',
    (error: Error) => error.message,
  );
  expect(message.match(/no audienceRelay\(\) on the page/gi), message).toHaveLength(1);
  expect(message).toContain('the snippet is not pasted, or its global has another name');
});
