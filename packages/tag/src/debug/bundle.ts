// The CDN tag's on-demand debug bundle (dist/audience-relay-debug.js): registers the tools
// where the tag looks for them. Never loaded unless someone asks (diagnose, debug, or
// ?audience-relay-debug in the page URL).
import { registerBundle } from '../register-bundle';
import { DEBUG_KEY } from './key';
import { debugTools } from './tools';

registerBundle(window, DEBUG_KEY, debugTools);
