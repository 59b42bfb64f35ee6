import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Paths of the built browser files the emulator serves. */
export interface AssetPaths {
  /** The frame template, `frame.html` (the partner and allowed origins are filled in per request). */
  frameHtml: string;
  /** The CDN tag, `audience-relay.js`; its folder also holds `v/<release>/` and `manifest.json`. */
  tagJs: string;
  /** The tag's outputs bundle, loaded on demand from next to the tag. */
  outputsJs: string;
  /** The tag's debug tools bundle, loaded on demand from next to the tag. */
  debugJs: string;
}

/**
 * The built tag and frame: in this repository, the workspace's own builds (`npm run build`
 * makes them, so a rebuild is served at once); in an installed package, the copies bundled
 * into its `dist/assets/` when it was packed (see scripts/prepack.mjs), so the emulator
 * needs neither the tag nor the frame package to be installed.
 */
export function defaultAssets(): AssetPaths {
  const here = dirname(fileURLToPath(import.meta.url));
  const inWorkspace = existsSync(join(here, '..', 'src', 'server.ts'));
  const require = createRequire(import.meta.url);
  const root = (pkg: string, bundled: string): string =>
    inWorkspace ? join(dirname(require.resolve(`@audience-relay/${pkg}/package.json`)), 'dist') : join(here, 'assets', bundled);
  const tag = root('tag', 'tag');
  const frame = root('frame', 'frame');
  return {
    frameHtml: join(frame, 'frame.html'),
    tagJs: join(tag, 'audience-relay.js'),
    outputsJs: join(tag, 'audience-relay-outputs.js'),
    debugJs: join(tag, 'audience-relay-debug.js'),
  };
}
