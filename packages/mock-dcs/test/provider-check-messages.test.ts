// New-user trial (packed tarballs): mock-dcs-provider-check told a provider team what Node's
// fetch or parser called the problem, not what was wrong with their endpoint or what to do:
// `failed: UND_ERR_SOCKET`, `failed: ECONNREFUSED`, `answer is not JSON (UTF-8)` with nothing of
// what came instead. Each now says it in words.
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkProvider } from '../src/index';
import { didYouMean } from '../src/did-you-mean';
import { startProviderStub, type ProviderStub } from './provider-stub';

let stub: ProviderStub;
beforeAll(async () => {
  stub = await startProviderStub();
});
afterAll(() => stub.close());
afterEach(() => vi.unstubAllGlobals());

/** A port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('mock-dcs-provider-check says what a failed call means', () => {
  it('a provider that drops the socket: the connection closed before an answer', async () => {
    stub.handle = (req) => void req.socket.destroy();
    const report = await checkProvider({ url: `${stub.url}/cp?id=\${DPUUID}`, runs: 1 });
    expect(report.pass).toBe(false);
    expect(report.runs[0]?.problem).toBe('failed: the connection closed before an answer (UND_ERR_SOCKET)');
  });

  it('nothing listening: names host:port and asks whether the endpoint runs', async () => {
    const port = await closedPort();
    const report = await checkProvider({ url: `http://127.0.0.1:${port}/cp?id=\${DPUUID}`, runs: 1 });
    expect(report.runs[0]?.problem).toBe(`failed: nothing is listening at 127.0.0.1:${port}: is your endpoint running? (ECONNREFUSED)`);
  });

  it('a reset connection, and a port left to its default, in words', async () => {
    const reset = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }));
    vi.stubGlobal('fetch', vi.fn(reset));
    expect((await checkProvider({ url: 'https://cp.example/s?id=${DPUUID}', runs: 1 })).runs[0]?.problem).toBe('failed: the connection was reset before an answer (ECONNRESET)');
    const refused = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
    vi.stubGlobal('fetch', vi.fn(refused));
    expect((await checkProvider({ url: 'https://cp.example/s?id=${DPUUID}', runs: 1 })).runs[0]?.problem).toBe(
      'failed: nothing is listening at cp.example:443: is your endpoint running? (ECONNREFUSED)',
    );
  });

  it('an answer that is not JSON: the problem, then the first 80 characters of the body, escaped', async () => {
    const page = `<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title>\u001b[2J</head><body>${'x'.repeat(200)}</body></html>`;
    stub.handle = (_req, res) => void res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
    const problem = (await checkProvider({ url: `${stub.url}/cp?id=\${DPUUID}`, runs: 1 })).runs[0]?.problem;
    expect(problem).toBe(`answer is not JSON (UTF-8): ${JSON.stringify(page.slice(0, 80))}…`);
    expect(problem).toContain('\\n<html>');
    expect(problem).toContain('\\u001b[2J');
    stub.handle = (_req, res) => void res.writeHead(200).end('{"segments":["a",]}');
    expect((await checkProvider({ url: `${stub.url}/cp?id=\${DPUUID}`, runs: 1 })).runs[0]?.problem).toBe('answer is not JSON (UTF-8): "{\\"segments\\":[\\"a\\",]}"');
    stub.handle = (_req, res) => void res.writeHead(200).end();
    expect((await checkProvider({ url: `${stub.url}/cp?id=\${DPUUID}`, runs: 1 })).runs[0]?.problem).toBe('answer is not JSON (UTF-8): the body is empty');
  });
});

describe('didYouMean', () => {
  it('finds a misspelt, shortened or lengthened name, and nothing for a name unlike any', () => {
    expect(didYouMean('run', ['runs', 'timeout', 'uid'])).toBe('runs');
    expect(didYouMean('timeout', ['id', 'name', 'dpid', 'url', 'timeoutMs'])).toBe('timeoutMs');
    expect(didYouMean('rul', ['id', 'name', 'rule', 'dpid'])).toBe('rule');
    expect(didYouMean('legacyid', ['id', 'name', 'rule', 'legacyId'])).toBe('legacyId');
    expect(didYouMean('hideReferer', ['url', 'hideReferrer'])).toBe('hideReferrer');
    expect(didYouMean('frobnicate', ['runs', 'timeout', 'uid', 'json', 'help'])).toBeNull();
  });
});
