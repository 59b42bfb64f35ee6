// An app that tears the relay down and sets it up again on the same page: React 18's StrictMode
// runs every effect twice in development (mount, unmount, mount), so
// `useEffect(() => { audienceRelay('config', …); return () => audienceRelay('destroy'); }, [])`
// configures, destroys and configures again at once; so do micro-frontends mounted per route,
// and hot module reload. The global's command runner (packages/tag/src/commands.ts) keeps the
// destroyed relay for good: the second `config` is refused "this page is already configured",
// and every later call goes to the destroyed relay, so `ready` answers `error DESTROYED` until
// the page is reloaded. (destroy releases the partner's claim on the page, so nothing else stands
// in the way.) Correct: a `config` after `destroy` starts a new relay.
// lead: fix in packages/tag/src/commands.ts (forget the relay once destroyed; or at least refuse
// with a message that names destroy, not "already configured")
import { expect } from './fixtures';
import { test } from './hostile-lab';

test.fail('config again after destroy (StrictMode double mount, micro-frontends): the new relay works', async ({ openLab, sites }) => {
  const lab = await openLab({
    calls: `
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('first ' + r.status);
        audienceRelay('destroy');
        audienceRelay('config', { partner: 'acme', dcs: ${JSON.stringify(sites.dcs.url)}, timeoutMs: 3000 }).then(
          function () { report('config again ok'); },
          function (e) { report('config again rejected ' + e.message); });
        audienceRelay('signals', { c_after: 'remount' });
        audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
          report('second ' + r.status + ' ' + (r.error ? r.error.code : '-'));
        });
      });`,
  });
  await lab.reported(/^first fresh/);
  const config = await lab.reported(/^config again /);
  const second = await lab.reported(/^second /);
  // main: 'config again rejected [audience-relay] invalid config: this page is already configured', 'second error DESTROYED'.
  expect(config).toBe('config again ok');
  expect(second).toBe('second fresh -');
  expect(sites.dcs.requests().some((r) => r.signals.c_after?.[0] === 'remount')).toBe(true);
  expect(lab.ourErrors()).toEqual([]);
});
