import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';

export interface StaticSite {
  /** `http://<hostname>:<port>` */
  url: string;
  /** Every path asked for, in order. */
  paths: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };

/**
 * A plain static file server, as any CDN or static host is: files from `root`, nothing
 * computed. `frame.html` goes out with the headers of the `headers.json` beside it (what
 * `audience-relay-frame build` wrote), which is all a host has to do for the frame; scripts
 * with `Access-Control-Allow-Origin: *`, as docs/deploying.md asks for the tag.
 */
export async function startStaticSite(root: string, hostname: string): Promise<StaticSite> {
  const paths: string[] = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    paths.push(path);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const headersFile = join(dirname(file), 'headers.json');
    const headers: Record<string, string> =
      file.endsWith(`${sep}frame.html`) && existsSync(headersFile)
        ? (JSON.parse(readFileSync(headersFile, 'utf8')) as Record<string, string>)
        : {
            'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
            'Cache-Control': 'no-cache',
            // docs/deploying.md: the tag and its bundles load with crossorigin="anonymous".
            ...(extname(file) === '.js' ? { 'Access-Control-Allow-Origin': '*' } : {}),
          };
    res.writeHead(200, headers).end(await readFile(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://${hostname}:${(server.address() as AddressInfo).port}`,
    paths,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
