// The snippet a publisher pastes inline (built to dist/snippet.min.js). It defines the global
// as a queueing function that returns a promise per call, and loads the tag asynchronously,
// without credentials and, with data-integrity, pinned by Subresource Integrity.
// Attributes of its own <script>: data-src (the tag URL), data-integrity (the tag's SRI hash),
// data-global (the global's name), data-tt-policy (a Trusted Types policy name).
// The page may be hostile: what the snippet reads comes from where a page cannot clobber it
// with named elements (Document.prototype, getAttribute, own properties) and never through a
// prototype chain it can pollute (Object.prototype.timeoutMs, .global, ...).
// Arrow functions and the like are fine: the tag itself needs Chrome 100 / Safari 15.4.
// Every byte here is paid inline on every page view (see the budget in bench/size-budgets.mjs).
((
  w,
  d,
  R = Reflect,
  o = R.getOwnPropertyDescriptor,
  // `document.currentScript` may be an <img name=currentScript>: read it from the prototype.
  g = (k) => R.get(Document.prototype, k, d),
  me = g('currentScript'),
  a = (k) => me.getAttribute('data-' + k),
  name = a('global') || 'audienceRelay',
  m = 'the tag did not load',
  e = '[audience-relay] ' + m,
  // Only an own property of the window can be ours: a named element (<div id=audienceRelay>)
  // or a polluted Object.prototype under that name is not, and is shadowed.
  x = o(w, name)?.value,
  s = g('createElement').call(d, 'script'),
  t = a('tt-policy'),
  // A queued call is [resolve, reject, arguments].
  f = (...args) => {
    const p = new Promise((...call) => {
      call.push(args);
      f.e ? blocked(call) : f.q.push(call);
      // `ready` keeps its deadline even if the tag never comes (blocked, offline, slow).
      args[0] == 'ready' && setTimeout(() => w[name] == f && blocked(call), o(Object(args[1]), 'timeoutMs')?.value || 1e3);
    });
    // A rejection is reported by the tag on the console; it must not also surface as unhandled.
    p.catch(() => {});
    return p;
  },
  // Settles a queued call when the tag cannot run: `ready` with a `blocked` result (it never
  // rejects), anything else with an error.
  blocked = (call) =>
    call[2][0] == 'ready'
      ? call[0]({ status: 'blocked', segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null }, cached: false, error: { code: 'TAG_BLOCKED', message: m } })
      : call[1](Error(e)),
) => {
  // Pasted twice (our queueing function), or the tag already loaded: keep what is there.
  if (x?.call) return;
  w[name] = f;
  f.q = [];
  // Under `require-trusted-types-for 'script'`, a script URL must come from a policy; the tag
  // reuses this one (`f.p`) for what it loads.
  s.src = t ? (f.p = trustedTypes.createPolicy(t, { createScriptURL: (url) => url })).createScriptURL(a('src')) : a('src');
  s.setAttribute('data-global', name);
  s.nonce = me.nonce;
  // CORS without credentials (an empty value is the anonymous state): no cookie of the tag's
  // site goes with the request, and SRI can check a cross-origin script.
  s.crossOrigin = '';
  s.integrity = a('integrity') || '';
  // Blocked (an extension, the network, a CSP), a failed integrity check (error), or the tag
  // dead before it installed itself (load, and our function still in place): every queued
  // call settles now, later ones at once. A script element made by script is async already.
  s.onload = s.onerror = () => w[name] == f && (console.error(e, s.src), f.q.splice(0, (f.e = 1e9)).forEach(blocked));
  me.before(s);
})(window, document);
