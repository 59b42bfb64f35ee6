// soak11: a client trickling a POST body held its socket (and the body read so far) for Node's
// 300 s requestTimeout. The mock DCS answers a request not received within requestTimeoutMs
// (30 s by default) with 408 and closes the connection.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockDcs, type MockDcs } from '../src/index';

let dcs: MockDcs | null = null;
afterEach(async () => {
  await dcs?.close();
  dcs = null;
});

describe('a request that never finishes arriving', () => {
  it('a trickled POST body is answered 408 and its socket closed once requestTimeoutMs has passed', async () => {
    dcs = await startMockDcs({ requestTimeoutMs: 1000 });
    const socket = connect(dcs.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    const start = Date.now();
    socket.write('POST /event HTTP/1.1\r\nHost: dcs.localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n');
    // A byte every 100 ms, for longer than the limit.
    const trickle = setInterval(() => !socket.destroyed && socket.write('a'), 100);
    const at = await closed;
    clearInterval(trickle);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    // Within the limit and the check interval (a quarter of it), with room for a busy machine.
    expect(at - start).toBeGreaterThanOrEqual(1000);
    expect(at - start).toBeLessThan(4000);
  });
});
