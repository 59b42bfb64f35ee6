// A stand-in for Google Publisher Tag, for the examples and e2e: the real API's shapes
// (googletag.cmd, setConfig({ targeting }), pubads().setTargeting/clearTargeting/getSlots,
// defineSlot, display), with every "ad request" recorded in window.__adRequests instead of
// sent. Like the real gpt.js, it loads in two steps (gpt.js, then the implementation).
(() => {
  const impl = document.createElement('script');
  impl.src = new URL('gpt-impl.js', document.currentScript.src).href;
  if (document.currentScript.nonce) impl.nonce = document.currentScript.nonce;
  document.head.appendChild(impl);
})();
