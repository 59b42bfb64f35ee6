// Shows how `ready` settled, the live segments, and the opt-out.
(function () {
  var relay = window.audienceRelay;
  function show(id, text) {
    document.querySelector('[data-testid="' + id + '"]').textContent = text;
  }
  relay('ready').then(function (result) {
    show('status', result.status);
    show('error', result.error ? result.error.code + ': ' + result.error.message : '—');
  });
  relay('on', 'segments', function (event) {
    show('segments', event.segments.join(', ') || '(none)');
  });
  document.querySelector('[data-testid="opt-out"]').addEventListener('click', function () {
    relay('optOut').then(function () {
      show('opt-out-state', 'opted out on this browser');
    });
  });
})();
