import type { DebugTools } from '../relay';
import { diagnoseLive } from './diagnose';
import { openPanel } from './panel';

/** The debug tools: bundled into the npm build, loaded on demand by the CDN tag (`bundle.ts`). */
export const debugTools: DebugTools = { diagnose: (snapshot) => diagnoseLive(snapshot, window), panel: (relay) => openPanel(window, relay) };
