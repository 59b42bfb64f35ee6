// A developer's app: the npm module, imported and bundled (esbuild builds this file into
// examples/npm-app/dist/app.js, resolving @audience-relay/tag to its published ESM build).
import { createAudienceRelay, RelayError, type SegmentsEvent } from '@audience-relay/tag';

const dcs = document.documentElement.dataset.dcs ?? '';
const show = (id: string, value: string): void => {
  const el = document.querySelector(`[data-testid="${id}"]`);
  if (el) el.textContent = value;
};

const relay = createAudienceRelay({ partner: 'acme', dcs, timeoutMs: 1500 });
relay.on('segments', (event: SegmentsEvent) => show('segments', event.segments.join(', ') || '(none)'));
relay.signals({ c_section: 'sports', c_tag: 'masters', p_age: 40 });

try {
  relay.signals({ section: 'missing its prefix' });
} catch (error) {
  // Bad input is a typed error that names every problem; nothing is sent for it.
  if (error instanceof RelayError) show('input-error', `${error.code}: ${error.message}`);
}

void relay.ready().then((result) => show('status', result.status));
