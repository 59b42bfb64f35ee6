import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): Record<string, unknown>;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Trust this certificate (HTTPS servers). */
  ca?: string;
}

/** An HTTP(S) request to a local server with any Host header (fetch cannot set Host). */
export function call(port: number, path: string, options: CallOptions = {}): Promise<Reply> {
  const request = options.ca ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: 'dcs.localhost', ...options.headers },
        ...(options.ca ? { ca: options.ca, servername: 'dcs.localhost' } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('latin1');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) as Record<string, unknown> });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export { tcString } from '../src/tc-string';
