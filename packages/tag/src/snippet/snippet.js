// The snippet a publisher pastes inline (built to dist/snippet.min.js). It defines the global
// as a queueing function that returns a promise per call, and loads the tag asynchronously.
// Attributes of its own <script>: data-src (the tag URL), data-global (the global's name),
// data-tt-policy (a Trusted Types policy name, for pages that enforce Trusted Types).
// Arrow functions and the like are fine: the tag itself needs Chrome 100 / Safari 15.4.
// Every byte here is paid inline on every page view (see the budget in bench/size-budgets.mjs).
((w, d, me = d.currentScript, data = me.dataset, name = data.global || 'audienceRelay', f, s, t) => {
  // Pasted twice, or the tag already loaded: keep what is there.
  if (w[name]) return;
  // Settles a queued call when the tag cannot run: `ready` with a `blocked` result (it never
  // rejects), anything else with an error.
  const blocked = (call) =>
    call[2][0] == 'ready'
      ? call[0]({ status: 'blocked', segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null }, cached: false, error: { code: 'TAG_BLOCKED', message: 'the tag did not load' } })
      : call[1](Error('[audience-relay] the tag did not load'));
  // A queued call is [resolve, reject, arguments].
  f = w[name] = function (command, options) {
    const p = new Promise((...call) => {
      call.push(arguments);
      f.e ? blocked(call) : f.q.push(call);
      // `ready` keeps its deadline even if the tag never comes (blocked, offline, slow).
      command == 'ready' && setTimeout(() => w[name] == f && blocked(call), options?.timeoutMs || 1e3);
    });
    // A rejection is reported by the tag on the console; it must not also surface as unhandled.
    p.catch(() => {});
    return p;
  };
  f.q = [];
  // A script element made by script is async already.
  s = d.createElement('script');
  // Under `require-trusted-types-for 'script'`, a script URL must come from a policy; the tag
  // reuses this one (`f.p`) for what it loads.
  t = data.ttPolicy;
  s.src = t ? (f.p = trustedTypes.createPolicy(t, { createScriptURL: (url) => url })).createScriptURL(data.src) : data.src;
  s.dataset.global = name;
  s.nonce = me.nonce;
  // Blocked by an extension, the network or a CSP: every queued call settles now, later ones at once.
  s.onerror = () => f.q.splice(0, (f.e = 1e9)).forEach(blocked);
  me.before(s);
})(window, document);
