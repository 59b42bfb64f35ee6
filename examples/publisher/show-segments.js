// Shows what the tag delivered. textContent only: segment data never becomes markup.
document.getElementById('host').textContent = location.origin;
const show = (id, value) => {
  document.getElementById(id).textContent = value;
};
audienceRelay('on', 'segments', (event) => {
  show('segments', event.segments.join(', ') || '(none)');
  show('traits', event.traits.join(', ') || '(none)');
  show('uuid', event.uuid ?? '(none)');
  const storage = { true: 'partitioned', false: 'unpartitioned', null: 'unknown' }[String(event.identity.partitioned)];
  show('identity', `${event.identity.source}, ${storage} storage`);
});
audienceRelay('ready').then((result) => {
  show('status', result.status + (result.error ? ` — ${result.error.message}` : ''));
  if (result.status !== 'fresh') show('segments', result.segments.join(', ') || '(none)');
});
