// Shows how `ready` settled. textContent only.
const show = (id, value) => {
  document.querySelector(`[data-testid="${id}"]`).textContent = value;
};
audienceRelay('ready').then((result) => {
  show('status', result.status);
  show('elapsed', String(Math.round(performance.now())));
  show('error', result.error ? `${result.error.code}: ${result.error.message}` : '(none)');
  show('segments', result.segments.join(', ') || '(none)');
});
