// The snippet a publisher pastes inline. One source, two builds (esbuild.config.mjs):
// dist/snippet.min.js, and dist/snippet-tt.min.js for pages that enforce Trusted Types
// (`__TT__`: the tag URL goes through a policy named by data-tt-policy, which the tag reuses).
// It defines the global as a queueing function that returns a promise per call, and loads
// the tag asynchronously, without credentials and, with data-integrity, pinned by SRI.
// Attributes of its own <script>: data-src (the tag URL), data-integrity (the tag's SRI hash),
// data-global (the global's name), data-tt-policy (snippet-tt only: the policy's name).
// The page may be hostile: what the snippet reads comes from where a page cannot clobber it
// with named elements (Document.prototype, getAttribute, own properties) and never through a
// prototype chain it can pollute (Object.prototype.timeoutMs, .global, .q, .e ...): its own
// state lives in this closure, not in properties.
// Arrow functions and the like are fine: the tag itself needs Chrome 100 / Safari 15.4.
// Every byte here is paid inline on every page view (see the budget in bench/size-budgets.mjs);
// the tag does everything it can once it runs (install-global.ts).
((
  w,
  d,
  O = Object,
  own = O.getOwnPropertyDescriptor,
  D = Document.prototype,
  // `document.currentScript` may be an <img name=currentScript>: read it from the prototype.
  // It is null in a module script, or where a loader runs this text in a later task: then no
  // attribute, so no tag URL, and every call settles as the tag's failure (see data-src below).
  me = Reflect.get(D, 'currentScript', d),
  a = (k) => me?.getAttribute('data-' + k),
  name = a('global') || 'audienceRelay',
  m = '[audience-relay] the tag did not load',
  s = D.createElement.call(d, 'script'),
  // A queued call is [resolve, reject, arguments, made at, page URL then]. Once the tag is known dead, `queue`
  // becomes an object whose push settles at once.
  queue = [],
  p,
  t,
  f = (...args) => (
    (p = new Promise((...call) => {
      // When and where the page made it: the tag keeps `ready`'s deadline from then, and a
      // `config`'s first page view has the landing URL (an SPA may route before the tag comes).
      // `location` is unforgeable: no named element or script can shadow it.
      call.push(args, Date.now(), location.href);
      queue.push(call);
      // No call waits for ever on a tag that never comes (blocked, offline, or its request
      // stalled, which fires neither load nor error): `ready` keeps its deadline (1 s if none),
      // the others reject after 10 s. A deadline the tag refuses (not a whole number of 1..30000
      // ms: negative, 0, 0.5, Infinity, a string, `true`, a BigInt, which setTimeout would throw
      // on) gets 10 s too, so the tag can refuse it as it would later, not "blocked" at once.
      // (`~~t`, not `t % 1`: the snippet's text is in the page, where a DOM recorder may
      // decodeURIComponent it, and a `%` there is a malformed escape.) A tag that arrives later
      // still runs them (settled calls stay settled).
      setTimeout(settle, args[0] == 'ready' && typeof (t = own(O(args[1]), 'timeoutMs')?.value ?? 1e3) == 'number' && t == ~~t && t > 0 && t <= 3e4 ? t : 1e4, call);
    })).then(Boolean, Boolean), // the tag reports a rejection on the console; it must not also be unhandled (`then`: a page may have deleted `catch`; `Boolean`: its answer is no object, whose `then` a polluted Object.prototype would own)
    p
  ),
  // The one way the snippet settles a call, while the tag has not taken over (the tag defines
  // its own `push` on the queue; once the tag is known dead, `push` is this function): `ready`
  // with the full `blocked` result of the ReadyResult type (it never rejects), the rest with an
  // error. Not `w[name] == f`: a page may have wrapped the global.
  settle = (call) =>
    (queue.push == settle || !own(queue, 'push')) &&
    (call[2][0] == 'ready'
      ? // Its own `then`, not a function: a page that polluted Object.prototype.then would
        // otherwise own the promise's settling.
        call[0]({ then: undefined, status: 'blocked', segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null }, cached: false, error: { code: 'TAG_BLOCKED', message: m } })
      : call[1](Error(m))),
) => {
  // Pasted twice (our queueing function), or the tag already loaded: keep what is there. Only
  // an own property of the window counts: a named element (<div id=audienceRelay>) or a
  // polluted Object.prototype under that name is not, and is shadowed.
  if (own(w, name)?.value?.call) return;
  w[name] = f;
  f.q = queue;
  // The tag finds this function on its own script element too: a page may have wrapped the
  // global by the time it runs.
  s.f = f;
  s.dataset.global = name;
  s.nonce = me?.nonce;
  // CORS without credentials (an empty value is the anonymous state): no cookie of the tag's
  // site goes with the request, and SRI can check a cross-origin script.
  s.crossOrigin = '';
  // The page's origin only, whatever the page's own policy (`unsafe-url` on ad-funded sites):
  // the tag's host (the DCS, often) gets no page URL with its query (an e-mail, a token).
  s.referrerPolicy = 'strict-origin';
  s.integrity = a('integrity') || '';
  // Blocked (an extension, the network, a CSP), a failed integrity check (error), or the tag
  // dead before it installed itself (load, and our function still in place): every queued
  // call settles now, later ones at once. A script element made by script is async already.
  s.onload = s.onerror = () => !own(queue, 'push') && (console.error(m), queue.splice(0).map(settle, (queue = { push: settle })));
  try {
    // Under `require-trusted-types-for 'script'` a plain string throws here (snippet.min.js on
    // a page that needs snippet-tt.min.js, or a policy name the page's CSP does not allow):
    // then the tag is dead as above, and the browser's console says why.
    // (A browser without Trusted Types takes the plain string.)
    s.src = __TT__ && w.trustedTypes ? (f.p = w.trustedTypes.createPolicy(a('tt-policy'), { createScriptURL: (u) => u })).createScriptURL(a('src')) : a('src');
    // Pasted without data-src (or run without a current script): not inserted, so no request
    // for the page-relative URL "null"; the tag is dead as above.
    a('src') ? me.before(s) : s.onload();
  } catch {
    s.onload();
  }
})(window, document);
