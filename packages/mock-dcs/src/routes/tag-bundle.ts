import { createHash } from 'node:crypto';
import type { AssetPaths } from '../assets';
import { publicAssetHeaders, readAsset, sendAsset } from '../static-assets';
import type { Route } from './route';

/** The version the tag asks a bundle for: the first 12 hex digits of its sha256 (esbuild.config.mjs). */
const versionOf = (source: string): string => createHash('sha256').update(source, 'utf8').digest('hex').slice(0, 12);

/**
 * `GET /audience-relay.js` and the bundles it loads. The tag's own URL is fixed (publishers
 * paste it), so it is revalidated (ETag, 304); the bundles are asked for by content hash
 * (`?v=`), so those answers are cached for good, when they are that version: a tag of another
 * build asking for its own gets this one revalidated, so its browser does not keep, for a year,
 * a bundle that fails that tag's integrity check.
 */
export function tagBundleRoute(asset: keyof Omit<AssetPaths, 'frameHtml'>, { versioned }: { versioned: boolean }): Route {
  return async (req, res, { state, url }) => {
    const source = await readAsset(res, state.assets[asset]);
    if (source === null) return;
    const version = url.searchParams.get('v');
    const immutable = versioned && version !== null && version === versionOf(source);
    // CORS for everyone, never with credentials: see publicAssetHeaders.
    sendAsset(req, res, source, publicAssetHeaders('text/javascript; charset=utf-8', immutable));
  };
}
