import type { DebugTools } from '../types';
import { diagnoseLive } from './diagnose';
import { openPanel } from './panel';
import { refusedConfig } from './refused-config';

/** The debug tools: bundled into the npm build, loaded on demand by the CDN tag (`bundle.ts`). */
export const debugTools: DebugTools = {
  diagnose: (snapshot) => diagnoseLive(snapshot, window),
  panel: (relay) => openPanel(window, relay),
  refused: (config, message, panel) => refusedConfig(window, config, message, panel),
};
