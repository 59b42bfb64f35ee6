import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
