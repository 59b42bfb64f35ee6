// The snippet a publisher pastes inline (built to dist/snippet.min.js). It defines the global
// as a queueing function that returns a promise per call, and loads the tag asynchronously.
// Attributes of its own <script>: data-src (the tag URL), data-global (the global's name).
(function (w, d, me, name, f, s) {
  me = d.currentScript;
  name = me.getAttribute('data-global') || 'audienceRelay';
  // Pasted twice, or the tag already loaded: keep what is there.
  if (w[name]) return;
  f = w[name] = function () {
    var args = arguments;
    var p = new Promise(function (resolve, reject) {
      // Call-time context travels with the call, for SPAs whose URL changes before the tag runs.
      f.q.push([resolve, reject, args, Date.now(), location.href, d.referrer]);
    });
    // A rejection is reported by the tag on the console; it must not also surface as unhandled.
    p.catch(function () {});
    return p;
  };
  f.q = [];
  s = d.createElement('script');
  s.async = true;
  s.src = me.getAttribute('data-src');
  s.setAttribute('data-global', name);
  s.nonce = me.nonce;
  me.parentNode.insertBefore(s, me);
})(window, document);
