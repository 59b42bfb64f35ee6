// mock-dcs-provider-check, the command a provider runs against its own endpoint: the demo
// provider passes it; a slow, a malformed and an oversize one fail it.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startContentProvider, type ContentProvider } from '../src/index';
import { startProviderStub, type ProviderStub } from './provider-stub';

// The built command (npm test builds before it runs the unit tests).
const bin = new URL('../bin/mock-dcs-provider-check.js', import.meta.url).pathname;

/** Runs the command without blocking this process, whose servers must keep answering it. */
function check(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let provider: ContentProvider;
let stub: ProviderStub;
const segmentsUrl = () => `${provider.url}/segments?uid=\${DPUUID}`;

beforeAll(async () => {
  provider = await startContentProvider({ dcsUrl: 'http://dcs.localhost:4100', dpid: 777 });
  stub = await startProviderStub();
});
afterAll(async () => {
  await Promise.all([provider.close(), stub.close()]);
});
beforeEach(() => provider.setDelay(0));

// Each test starts a Node process, which takes seconds on a loaded machine.
describe('mock-dcs-provider-check', { timeout: 30_000 }, () => {
  it('the demo provider passes: every answer valid, latency within the timeout, exit 0', async () => {
    const before = provider.calls;
    const result = await check(segmentsUrl(), '--runs', '5', '--uid', 'cp 7');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`GET ${provider.url}/segments?uid=cp%207&gdpr=0&us_privacy=1YNN`);
    expect(result.stdout).toMatch(/latency p50 \d+ ms, p99 \d+ ms, max \d+ ms \(timeout 300 ms\)/);
    expect(result.stdout).toContain('answers: 5 valid, 0 failed');
    expect(result.stdout).toContain('segments answered: golf_fan');
    expect(result.stdout).toContain('PASS');
    // Five measured calls (and a warm-up, which may give up before it reaches a loaded machine's server).
    expect(provider.calls - before).toBeGreaterThanOrEqual(5);
    expect(provider.received.at(-1)).toMatchObject({ path: '/segments?uid=cp%207&gdpr=0&us_privacy=1YNN', headers: { accept: 'application/json' } });
  });

  it('passes on the privacy parameters it is given, and --json reports the figures', async () => {
    const result = await check(segmentsUrl(), '--runs', '3', '--us-privacy', '1YNN', '--gpp', 'DBABLA~BVQqAAAAAgA.QA', '--gpp-sid', '7', '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { pass: boolean; runs: unknown[]; p50: number; p99: number; timeoutMs: number; requestUrl: string };
    expect(report).toMatchObject({ pass: true, timeoutMs: 300 });
    expect(report.runs).toHaveLength(3);
    expect(report.p99).toBeGreaterThanOrEqual(report.p50);
    expect(report.requestUrl).toBe(`${provider.url}/segments?uid=mock-dcs-check-visitor&gpp=DBABLA~BVQqAAAAAgA.QA&gpp_sid=7&us_privacy=1YNN`);
  });

  it('a provider slower than the timeout fails: exit 1, each call timed out', async () => {
    provider.setDelay(600);
    const result = await check(segmentsUrl(), '--runs', '2', '--timeout', '300');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('run 1 (and 1 more): timed out after 300 ms');
    expect(result.stdout).toContain('FAIL: 2 of 2 calls would be error 10 in production');
  });

  it('a malformed answer fails, naming what is wrong', async () => {
    stub.handle = (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"segments":"golf_fan"}');
    const result = await check(`${stub.url}/cp?id=\${DPUUID}`, '--runs', '2');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('answer has no "segments" array');
    expect(result.stdout).toContain('answers: 0 valid, 2 failed');
  });

  it('an oversize answer fails', async () => {
    const big = JSON.stringify({ segments: Array.from({ length: 300 }, (_, i) => `segment-${i}`) });
    stub.handle = (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/json' }).end(big);
    const result = await check(`${stub.url}/cp?id=\${DPUUID}`, '--runs', '1');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('answer has 300 segments, over 200');
  });

  it('a valid answer without a JSON content type passes with a warning', async () => {
    stub.handle = (_req, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('{"segments":[]}');
    const result = await check(`${stub.url}/cp?id=\${DPUUID}`, '--runs', '1');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('warning: answers are not labelled Content-Type: application/json');
  });

  it('bad usage exits 2: no visitor macro, unknown option, signals under which the DCS would not call', async () => {
    const noMacro = await check(`${provider.url}/segments?uid=1`);
    expect(noMacro.status).toBe(2);
    expect(noMacro.stderr).toContain('names no visitor');
    expect((await check(segmentsUrl(), '--frobnicate')).status).toBe(2);
    const optedOut = await check(segmentsUrl(), '--us-privacy', '1YYN');
    expect(optedOut.status).toBe(2);
    expect(optedOut.stderr).toContain('the DCS would not call your endpoint with these privacy signals');
  });

  // New-user trial (packed tarballs): `--run 5` printed Node's parser text ("Unknown option
  // '--run'. To specify a positional argument starting with a '-'…"); `--gdpr yes` was taken as 1;
  // `--gdpr 1` alone was refused for consent without saying what to pass.
  it('bad usage exits 2 in its own words: an unknown option with the one it resembles, --gdpr other than 0 or 1, --gdpr 1 without --gdpr-consent', async () => {
    const typo = await check(segmentsUrl(), '--run', '5');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown option --run (did you mean --runs?)');
    expect(typo.stderr).toContain('--runs, --timeout, --uid, --gdpr, --gdpr-consent, --gpp, --gpp-sid, --us-privacy, --json, --help');
    expect(typo.stderr).not.toContain('To specify a positional argument');
    const yes = await check(segmentsUrl(), '--gdpr', 'yes');
    expect(yes.status).toBe(2);
    expect(yes.stderr).toContain('--gdpr: "yes" is not 0 or 1');
    const noConsent = await check(segmentsUrl(), '--gdpr', '1');
    expect(noConsent.status).toBe(2);
    expect(noConsent.stderr).toContain('pass --gdpr-consent <TC string>');
  });

  // New-user trial (packed tarballs): a 450 ms provider against the 300 ms deadline showed
  // p50/p99/max of 300 ms, as if it answered in 300 ms.
  it('calls that time out: the latency figures are said to be capped, with the option that measures the real latency', async () => {
    provider.setDelay(450);
    const result = await check(segmentsUrl(), '--runs', '1', '--timeout', '300');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('latency p50 300 ms, p99 300 ms, max 300 ms (timeout 300 ms)');
    expect(result.stdout).toContain('the latency figures are capped at the 300 ms deadline; to measure the real latency, run again with --timeout <larger ms>, e.g. --timeout 3000');
  });

  // New-user trial 6: the template as the report prints the request (`…?uid=${DPUUID}&gdpr=0&…`)
  // passed, though the DCS appends those parameters itself, after the template's: gdpr twice.
  it('bad usage exits 2: a template that carries a privacy parameter the DCS appends itself', async () => {
    const copied = await check(`${provider.url}/segments?uid=\${DPUUID}&gdpr=0&us_privacy=1YNN`);
    expect(copied.status).toBe(2);
    expect(copied.stdout).toBe('');
    expect(copied.stderr).toContain('has gdpr, us_privacy, which the DCS appends itself');
  });

  // New-user trial 16: a template with a #fragment passed ("passed on: gdpr, us_privacy"), though
  // the report's own request line showed the parameters after the `#`, which is never sent.
  it('bad usage exits 2: a template with a #fragment, after which the privacy parameters would never be sent', async () => {
    const result = await check(`${provider.url}/segments?uid=\${DPUUID}#v2`);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('has a #fragment, which HTTP clients never send');
  });
});
