#!/usr/bin/env node
// The frame's build command; the code is bundled into dist/cli.js (npm run build, or prepack).
import { main } from '../dist/cli.js';

await main();
