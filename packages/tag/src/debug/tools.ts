import type { DebugTools } from '../types';
import { diagnose } from './diagnose';
import { openPanel } from './panel';

/** The debug tools: bundled into the npm build, loaded on demand by the CDN tag (`bundle.ts`). */
export const debugTools: DebugTools = { diagnose, panel: (relay) => openPanel(window, relay) };
