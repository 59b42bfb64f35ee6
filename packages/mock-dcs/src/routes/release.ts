import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { text } from '../http';
import { publicAssetHeaders, sendAsset, versionedAsset } from '../static-assets';
import type { Route } from './route';

/**
 * `GET /v/<release>/…` (the versioned tag, its bundles and their SRI manifest, immutable) and
 * `GET /manifest.json` (the current release's manifest, revalidated): what a page pins. A
 * release that is not (or no longer) built is simply not there.
 */
export const releaseRoute: Route = async (req, res, { state, url }) => {
  const asset = versionedAsset(url.pathname, dirname(state.assets.tagJs));
  if (!asset) return text(res, 404, 'not found');
  let source: string;
  try {
    source = await readFile(asset.path, 'utf8');
  } catch {
    return text(res, 404, 'not found');
  }
  sendAsset(req, res, source, publicAssetHeaders(asset.contentType, asset.immutable));
};

/** Whether the path is one `releaseRoute` answers. */
export const isReleasePath = (pathname: string): boolean => pathname === '/manifest.json' || pathname.startsWith('/v/');
