import type { AssetPaths } from '../assets';
import { publicAssetHeaders, readAsset, sendAsset } from '../static-assets';
import type { Route } from './route';

/**
 * `GET /audience-relay.js` and the bundles it loads. The tag's own URL is fixed (publishers
 * paste it), so it is revalidated (ETag, 304); the bundles are asked for by content hash
 * (`?v=`), so those answers are cached for good.
 */
export function tagBundleRoute(asset: keyof Omit<AssetPaths, 'frameHtml'>, { versioned }: { versioned: boolean }): Route {
  return async (req, res, { state, url }) => {
    const source = await readAsset(res, state.assets[asset]);
    if (source === null) return;
    const immutable = versioned && url.searchParams.has('v');
    // CORS for everyone, never with credentials: see publicAssetHeaders.
    sendAsset(req, res, source, publicAssetHeaders('text/javascript; charset=utf-8', immutable));
  };
}
