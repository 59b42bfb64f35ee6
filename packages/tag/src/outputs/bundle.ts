// The CDN outputs bundle (dist/audience-relay-outputs.js): loaded by the tag only when a page
// configures outputs or the DCS sends cookie destinations, so the tag itself stays small.
import { registerBundle } from '../register-bundle';
import { browserOutputs } from './index';
import { OUTPUTS_KEY, type OutputsBundle } from './lazy';

const bundle: OutputsBundle = { browserOutputs };
registerBundle(window, OUTPUTS_KEY, bundle);
