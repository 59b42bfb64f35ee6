// Request bodies over the limits: /event takes 32 KiB and the admin API 1 MiB, but both read
// a longer body to its end before refusing it, so a client sending gigabytes (or one that
// declares them and then trickles) keeps the connection, and the server's reading, for as
// long as it likes. Both now answer as soon as the body passes the limit (or its
// Content-Length says it will) and close the connection.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDcs, type MockDcs } from '../src/index';

let dcs: MockDcs;
beforeAll(async () => {
  dcs = await startMockDcs();
});
afterAll(() => dcs.close());

/**
 * Sends a request whose headers declare `declared` bytes of body, then `sent` bytes of it, and
 * no more: resolves with the status line the server answered within `withinMs`, or null.
 */
function answerBeforeBodyEnds(method: string, path: string, contentType: string, declared: number, sent: number, withinMs = 3000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(dcs.port, '127.0.0.1', () => {
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: dcs.localhost\r\nContent-Type: ${contentType}\r\nContent-Length: ${declared}\r\n\r\n`);
      socket.write(Buffer.alloc(sent, 'a'));
    });
    let text = '';
    const done = (value: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), withinMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) done(text.slice(0, text.indexOf('\r\n')));
    });
    socket.on('error', () => done(text ? text.slice(0, text.indexOf('\r\n')) : null));
  });
}

describe('request bodies over the limits', () => {
  it('/event answers "request too large" once 64 KiB of a 100 MB body came, without waiting for the rest', async () => {
    expect(await answerBeforeBodyEnds('POST', '/event?d_rtbd=json', 'application/x-www-form-urlencoded', 100 * 2 ** 20, 64 * 1024)).toBe('HTTP/1.1 200 OK');
  });

  it('/event answers at once when Content-Length alone is over 32 KiB', async () => {
    expect(await answerBeforeBodyEnds('POST', '/event?d_rtbd=json', 'application/x-www-form-urlencoded', 100 * 2 ** 20, 0)).toBe('HTTP/1.1 200 OK');
  });

  it('the admin API answers 400 once a body passes 1 MiB', async () => {
    expect(await answerBeforeBodyEnds('PUT', '/__admin/config', 'application/json', 100 * 2 ** 20, 2 * 2 ** 20)).toBe('HTTP/1.1 400 Bad Request');
  });

  it('a body within the limit is still read whole', async () => {
    const reply = await fetch(`http://127.0.0.1:${dcs.port}/event?d_rtbd=json&d_cts=2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `c_section=sports&c_pad=${'a'.repeat(32_000)}`,
    });
    expect(((await reply.json()) as { traits: number[] }).traits).toContain(1001);
  });
});
