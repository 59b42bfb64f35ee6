import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The built package (npm test builds before it runs the unit tests), in a process of its own:
// what is measured is when that process can exit, as a user's own test script would.
const dist = new URL('../dist/index.js', import.meta.url).href;

/** Runs `body` after starting the emulator and the demo provider; returns how long the process took to exit after `close()`. */
function exitDelayAfterClose(body: string): { closedToExitMs: number; stderr: string } {
  const script = `
    import { startMockDcs, startContentProvider } from ${JSON.stringify(dist)};
    import { request } from 'node:http';
    const get = (port, path) => new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { host: 'dcs.localhost' }, agent: false }, (res) => { res.resume(); res.on('end', resolve); });
      req.on('error', resolve);
      req.end();
    });
    const dcs = await startMockDcs({ port: 0 });
    const provider = await startContentProvider({ dcsUrl: dcs.url, dpid: 9999, port: 0 });
    ${body}
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all([dcs.close(), provider.close()]);
    const closed = Date.now();
    process.on('exit', () => process.stdout.write(String(Date.now() - closed)));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  return { closedToExitMs: Number(result.stdout), stderr: result.stderr };
}

describe('close() leaves no timer behind', () => {
  it('a latency fault still pending does not keep the process alive after close()', { timeout: 40_000 }, () => {
    // A QA script injects a slow DCS, its page gives up, the script closes the emulator: before,
    // the fault's 20 s wait kept Node alive for 20 s after close() had resolved.
    const { closedToExitMs, stderr } = exitDelayAfterClose(`
      dcs.injectFault({ count: 1, latencyMs: 20000 });
      void get(dcs.port, '/event?d_rtbd=json');
    `);
    expect(stderr).toBe('');
    expect(closedToExitMs).toBeLessThan(2000);
  });

  it("the demo content provider's delayed answer does not keep the process alive after close()", { timeout: 40_000 }, () => {
    const { closedToExitMs, stderr } = exitDelayAfterClose(`
      provider.setDelay(20000);
      void get(provider.port, '/segments?uid=cp-1');
    `);
    expect(stderr).toBe('');
    expect(closedToExitMs).toBeLessThan(2000);
  });
});
