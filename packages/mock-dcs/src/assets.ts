import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Paths of the built browser files the emulator serves. */
export interface AssetPaths {
  frameHtml: string;
  tagJs: string;
  /** The tag's outputs bundle, loaded on demand from next to the tag. */
  outputsJs: string;
  /** The tag's debug tools bundle, loaded on demand from next to the tag. */
  debugJs: string;
}

/** The built tag and frame of this workspace (`npm run build` makes them). */
export function defaultAssets(): AssetPaths {
  const require = createRequire(import.meta.url);
  const root = (pkg: string): string => dirname(require.resolve(`${pkg}/package.json`));
  return {
    frameHtml: join(root('@audience-relay/frame'), 'dist', 'frame.html'),
    tagJs: join(root('@audience-relay/tag'), 'dist', 'audience-relay.js'),
    outputsJs: join(root('@audience-relay/tag'), 'dist', 'audience-relay-outputs.js'),
    debugJs: join(root('@audience-relay/tag'), 'dist', 'audience-relay-debug.js'),
  };
}
