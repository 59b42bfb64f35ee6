// The QA kit's diagnose() asks the tag's URL itself when the browser does not say why the tag
// did not load (probeScript). Its `timeout` was the socket's idle timeout only: a server (a
// proxy, a broken CDN edge, a tarpit) that sends its headers one byte at a time never goes idle,
// and the probe, and with it diagnose() and the test calling it, waited forever.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeScript } from '../src/probe-script';

let server: Server;
const sockets = new Set<Socket>();
const timers = new Set<ReturnType<typeof setInterval>>();

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('data', () => {
      const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/javascript\r\nX-Slow: ' + 'a'.repeat(1000);
      let i = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || i >= head.length) return clearInterval(timer);
        socket.write(head[i++]!);
      }, 100);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  timers.forEach(clearInterval);
  sockets.forEach((s) => s.destroy());
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('probeScript and a server that trickles its answer', () => {
  it('gives up by its timeout, as unreachable, though bytes keep coming', async () => {
    const { port } = server.address() as AddressInfo;
    const started = Date.now();
    const probe = await Promise.race([
      probeScript(`http://127.0.0.1:${port}/audience-relay.js`, 'http://publisher.localhost', 1000),
      new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5000)),
    ]);
    expect(probe).toMatchObject({ kind: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
