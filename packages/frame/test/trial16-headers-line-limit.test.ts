// New-user trial 16: a partner with many publisher sites (60 origins: www. and bare for 30 sites)
// got a `_headers` whose Content-Security-Policy line is over 2,000 characters, the most Cloudflare
// Pages takes for one line of that file ("Each line in the _headers file has a 2,000 character
// limit"), and the command said nothing: the vendor found out from a frame served without it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/build/index';

const TEMPLATE = readFileSync(new URL('../src/frame.html', import.meta.url), 'utf8').replace('/*@frame-script*/', () => 'console.log("frame")');

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { readTemplate: async () => TEMPLATE, readVersion: async () => '0.0.0', stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

const allow = (n: number): string[] => Array.from({ length: n }, (_, i) => ['--allow', `https://www.publisher${i + 1}.example`]).flat();
const build = (n: number) => cli(['build', '--partner', 'acme', '--dcs', 'https://acme.demdex.net', ...allow(n), '--out', mkdtempSync(join(tmpdir(), 'frame-cli-'))]);

describe('audience-relay-frame build with many allowed origins', () => {
  it("says when a line of _headers is over Cloudflare Pages' 2,000 characters, and still writes the files", async () => {
    const { code, stdout, stderr } = await build(60);
    expect(code).toBe(0);
    expect(stdout).toContain('built the frame of partner acme');
    const longest = Math.max(...readFileSync(/ {2}(\S+_headers)\n/.exec(stdout)![1]!, 'utf8').split('\n').map((line) => line.length));
    expect(longest).toBeGreaterThan(2000);
    expect(stderr).toContain(`the Content-Security-Policy line of _headers is ${longest} characters`);
    expect(stderr).toContain('Cloudflare Pages');
  });

  it('says nothing of it for a line within the limit', async () => {
    const { code, stderr } = await build(40);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
