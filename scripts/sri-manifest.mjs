// Subresource Integrity for the CDN files: their sha384 hashes, and the versioned, immutable
// copies a security team pins (packages/tag/dist/v/<release>/), with a manifest next to them.
// Used by esbuild.config.mjs; the tag has its bundles' hashes built in, so the release id (a
// hash of the tag) changes whenever any of the three files does.
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The `integrity` value of a file: `sha384-` and its base64 digest (what browsers check).
 * @param {string} code
 */
export function sri(code) {
  return `sha384-${createHash('sha384').update(code, 'utf8').digest('base64')}`;
}

/**
 * The release id: 16 hex digits of the tag's SHA-256. URLs under it never change meaning.
 * @param {string} tagCode
 */
export function releaseId(tagCode) {
  return createHash('sha256').update(tagCode, 'utf8').digest('hex').slice(0, 16);
}

/**
 * Writes `dir/v/<release>/` (the files and `manifest.json`) and `dir/manifest.json` (the same
 * manifest, for the files' unversioned names). Only the current release is kept: a CDN keeps
 * the old ones; a build directory need not.
 * @param {string} dir the tag's dist directory
 * @param {Record<string, string>} files file name → contents (the tag first)
 * @param {string} version the package version, for people reading the manifest
 */
export async function publishVersioned(dir, files, version) {
  const [tag = ''] = Object.values(files);
  const release = releaseId(tag);
  const manifest = {
    version,
    release,
    files: Object.fromEntries(
      Object.entries(files).map(([name, code]) => [name, { path: `v/${release}/${name}`, integrity: sri(code), bytes: Buffer.byteLength(code) }]),
    ),
  };
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  await rm(join(dir, 'v'), { recursive: true, force: true });
  await mkdir(join(dir, 'v', release), { recursive: true });
  await Promise.all([
    ...Object.entries(files).map(([name, code]) => writeFile(join(dir, 'v', release, name), code)),
    writeFile(join(dir, 'v', release, 'manifest.json'), json),
    writeFile(join(dir, 'manifest.json'), json),
  ]);
  return manifest;
}
