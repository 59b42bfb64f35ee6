import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { text } from './http';

/** One asset body, in every encoding we serve, compressed once per content. */
interface EncodedAsset {
  etag: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

// Keyed by content: the frame differs per partner, and a rebuild changes the tag.
const encodedByContent = new Map<string, EncodedAsset>();
const MAX_CACHED = 64;

function encode(body: string): EncodedAsset {
  const identity = Buffer.from(body, 'utf8');
  const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
  let encoded = encodedByContent.get(hash);
  if (!encoded) {
    encoded = {
      etag: `"${hash}"`,
      identity,
      br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      gzip: gzipSync(identity, { level: 9 }),
    };
    if (encodedByContent.size >= MAX_CACHED) encodedByContent.delete(encodedByContent.keys().next().value as string);
    encodedByContent.set(hash, encoded);
  }
  return encoded;
}

/** The codings the client accepts (`br`, `gzip`), honouring `q=0`. */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * Serves a text asset (the tag, its bundles, the frame) as a CDN would: Brotli or gzip when
 * the browser accepts it (`Vary: Accept-Encoding`), an `ETag` and `304 Not Modified` for a
 * revalidation, and `Timing-Allow-Origin` so a page's Resource Timing sees its sizes.
 */
export function sendAsset(req: IncomingMessage, res: ServerResponse, body: string, headers: Record<string, string>): void {
  const encoded = encode(body);
  const common = { ...headers, ETag: encoded.etag, Vary: 'Accept-Encoding', 'Timing-Allow-Origin': '*' };
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === encoded.etag)) {
    res.writeHead(304, common).end();
    return;
  }
  const accepted = acceptedEncodings(req.headers['accept-encoding']);
  const [coding, bytes] = accepted.has('br') ? ['br', encoded.br] : accepted.has('gzip') ? ['gzip', encoded.gzip] : [null, encoded.identity];
  res.writeHead(200, { ...common, ...(coding ? { 'Content-Encoding': coding } : {}), 'Content-Length': String(bytes.length) });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** A built file's text, or null after answering 503 with how to build it. */
export async function readAsset(res: ServerResponse, path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    text(res, 503, `${path} is not built yet: run \`npm run build\`\n`);
    return null;
  }
}

/**
 * The headers of a public script (the tag, its bundles) or its manifest. Loaded with
 * `crossorigin="anonymous"` (CORS, no credentials), a script needs
 * `Access-Control-Allow-Origin`; `*` is right for a public file that never varies by visitor,
 * and it refuses any credentialed read (`*` is not allowed with credentials), which is what we
 * want: no cookie of the DCS's site ever goes with these files. Versioned URLs never change
 * meaning, so they are cached for good; the rest is revalidated (ETag, 304).
 */
export function publicAssetHeaders(contentType: string, immutable: boolean): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
}

// What the build publishes under dist/v/<release>/ (scripts/sri-manifest.mjs), nothing else.
const VERSIONED = /^\/v\/([0-9a-f]{16})\/(audience-relay(?:-outputs|-debug)?\.js|manifest\.json)$/;

/**
 * The file behind a versioned URL (`/v/<release>/audience-relay.js`, its bundles, its
 * `manifest.json`) or the current `/manifest.json`, in the tag's dist directory: null for any
 * other path (nothing outside those names is ever read).
 */
export function versionedAsset(pathname: string, distDir: string): { path: string; contentType: string; immutable: boolean } | null {
  if (pathname === '/manifest.json') return { path: join(distDir, 'manifest.json'), contentType: 'application/json; charset=utf-8', immutable: false };
  const match = VERSIONED.exec(pathname);
  if (!match) return null;
  const [, release, file] = match as unknown as [string, string, string];
  return {
    path: join(distDir, 'v', release, file),
    contentType: file.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8',
    immutable: true,
  };
}
