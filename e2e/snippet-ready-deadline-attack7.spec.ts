// `ready`'s deadline in the snippet (before the tag has loaded) is a raw `setTimeout` of the
// page's `timeoutMs`: a value the tag refuses (over 30000 ms, Infinity, negative) is either
// fired at once (a delay over 2^31-1 ms, Infinity or below 1 is a 0 ms timer in browsers) or
// waited on. The page then hears "the tag did not load" (TAG_BLOCKED) from a tag that loads
// fine, where the same call made after the tag loaded says what is wrong with its input.
import { expect } from './fixtures';
import { test } from './hostile-lab';

const calls = (value: string): string => `
  function say(when) {
    return [function (r) { report(when + ' resolved ' + r.status + ' ' + (r.error ? r.error.code : '-')); },
            function (e) { report(when + ' rejected ' + (e && e.code)); }];
  }
  var early = say('early');
  audienceRelay('ready', { timeoutMs: ${value} }).then(early[0], early[1]);
  audienceRelay('ready', { timeoutMs: 5000 }).then(function () {
    var late = say('late');
    audienceRelay('ready', { timeoutMs: ${value} }).then(late[0], late[1]);
  });`;

// Fixed (session j) in packages/tag/src/snippet/snippet.js: a deadline the tag refuses gets the
// snippet's 10 s, so the tag refuses it as it does later (BAD_REQUEST naming timeoutMs).
for (const value of ['Infinity', '3e9', '-1']) {
  test(`ready({ timeoutMs: ${value} }) before the tag loaded says what the tag says of it, not TAG_BLOCKED`, async ({ openLab }) => {
    const lab = await openLab({ calls: calls(value) });
    const late = (await lab.reported(/^late /)).slice(5);
    const early = (await lab.reported(/^early /)).slice(6);
    expect(early).toBe(late);
    expect(lab.ourErrors()).toEqual([]);
  });
}
