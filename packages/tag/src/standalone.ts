// The CDN build (dist/audience-relay.js), loaded by the snippet.
import { createCommandRunner } from './commands.ts';
import { createAudienceRelay } from './create.ts';
import { installGlobal } from './install-global.ts';

const name = document.currentScript?.getAttribute('data-global') || 'audienceRelay';
installGlobal(window, name, createCommandRunner(createAudienceRelay));
