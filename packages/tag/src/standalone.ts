// The CDN build (dist/audience-relay.js), loaded by the snippet.
import { createCommandRunner } from './commands';
import { createAudienceRelay } from './create';
import { installGlobal } from './install-global';

const name = document.currentScript?.getAttribute('data-global') || 'audienceRelay';
installGlobal(window, name, createCommandRunner(createAudienceRelay));
