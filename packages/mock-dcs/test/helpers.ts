import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startMockDcs, type MockDcs, type MockDcsConfig } from '../src/index';

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

/**
 * One mock DCS for a test file, started with `config` before its tests and closed after them;
 * before each test its config is set again and its state reset. Returns the server's getter.
 */
export function mockDcsPerFile(config: MockDcsConfig): () => MockDcs {
  let dcs: MockDcs | undefined;
  beforeAll(async () => {
    dcs = await startMockDcs({ config, log: () => {} });
  });
  afterAll(async () => {
    await dcs?.close();
  });
  beforeEach(() => {
    dcs!.setConfig(config);
    dcs!.reset();
  });
  return () => dcs!;
}
