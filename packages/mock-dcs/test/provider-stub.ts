import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderStub {
  url: string;
  /** What the next calls do; change it per test. */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

/** A content provider endpoint that answers whatever a test makes it answer. */
export async function startProviderStub(): Promise<ProviderStub> {
  const stub: ProviderStub = {
    url: '',
    handle: (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"segments":[]}'),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => stub.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}
