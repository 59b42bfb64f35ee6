import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonProblem } from '../src/json-problem';

// The built CLI (npm test builds before it runs the unit tests).
const cli = new URL('../bin/mock-dcs.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 10000 });

describe('mock-dcs command line', () => {
  it('--help prints the usage and exits 0', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: mock-dcs [--config FILE] [--port N] [--host NAME] [--https] [--max-profiles N] [--max-profile-mb M] [--inactive-days D] [--quiet] [--version] [--help]');
  });

  it('--version prints the package version and exits 0', () => {
    const result = run('--version');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version}\n`);
  });

  it('an invalid config file exits 2 listing every problem with its path', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mock-dcs-cli-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ defaultPartner: 'acme', partners: { acme: { allowedOrigins: ['nope'], segments: [{ id: 1, rule: '9T' }] } } }));
    const result = run('--config', file);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('partners.acme.allowedOrigins[0]');
    expect(result.stderr).toContain('partners.acme.segments[0].rule: trait 9 is not defined');
  });

  // New-user trial (trial5): `npx mock-dcs` while `npm start` (or another mock-dcs) holds the
  // port, or with a config with a typo: the one line that says what is wrong came first, then
  // the 17 lines of the usage, as if the command had been mistyped; the last thing on the
  // screen was the option list, and nothing said how to get past a busy port.
  it('a busy port and a bad config say what is wrong and what to do, without the whole usage', async () => {
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    try {
      const result = run('--port', String(port), '--quiet');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`port ${port} is in use`);
      expect(result.stderr).toContain('--port 0');
      expect(result.stderr).not.toContain('Usage:');
    } finally {
      busy.close();
    }
    const file = join(mkdtempSync(join(tmpdir(), 'mock-dcs-cli-')), 'typo.json');
    writeFileSync(file, JSON.stringify({ defaultPartner: 'acme', partners: { acme: { allowedOrigins: [], traits: [{ id: 1, rul: 'c_a == "b"' }], segments: [] } } }));
    const config = run('--config', file);
    expect(config.status).toBe(2);
    expect(config.stderr).toContain('partners.acme.traits[0].rul');
    expect(config.stderr).not.toContain('Usage:');
  });

  // New-user trial (packed tarballs): a config with a trailing comma printed "cannot read
  // trailing-comma.json: Expected double-quoted property name in JSON at position 105": the file
  // was read, and a position is no place an editor goes to.
  it('a config file that is not JSON: "cannot parse", with the line and column, a trailing comma named', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mock-dcs-cli-')), 'trailing-comma.json');
    writeFileSync(file, '{\n  "defaultPartner": "acme",\n  "partners": {\n    "acme": { "allowedOrigins": ["https://ok.example"], }\n  }\n}\n');
    const result = run('--config', file);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `mock-dcs: cannot parse ${file}: Expected double-quoted property name at line 4, column 57: a comma before a closing } or ] (JSON allows none): remove it\n`,
    );
    const missing = run('--config', join(tmpdir(), 'no-such-mock-dcs-config.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^mock-dcs: cannot read .*no-such-mock-dcs-config\.json: ENOENT/);
  });

  it('jsonProblem: line and column from V8\'s position, in the forms Node 20 and 22 give it', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    const at = text.indexOf('"b"');
    expect(jsonProblem(text, new SyntaxError(`Expected ',' or '}' after property value in JSON at position ${at}`))).toBe("Expected ',' or '}' after property value at line 3, column 3");
    expect(jsonProblem(text, new SyntaxError(`Expected ',' or '}' after property value in JSON at position ${at} (line 3 column 3)`))).toBe("Expected ',' or '}' after property value at line 3, column 3");
    expect(jsonProblem('{', new SyntaxError('Unexpected end of JSON input'))).toBe('Unexpected end of JSON input');
  });

  it('unknown options and bad ports exit 2 with the reason', () => {
    expect(run('--frobnicate').stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(run('--port', 'http').status).toBe(2);
  });

  it('bad profile limits exit 2 with the reason', { timeout: 20_000 }, () => {
    expect(run('--max-profiles', '0').stderr).toMatch(/--max-profiles: "0" is not a positive whole number/);
    expect(run('--inactive-days', 'soon').stderr).toMatch(/--inactive-days: "soon" is not a positive number/);
    expect(run('--max-profile-mb', 'lots').stderr).toMatch(/--max-profile-mb: "lots" is not a positive number/);
  });

  it('starts with the built-in demo config and prints its URL', async () => {
    const child = spawn(process.execPath, [cli, '--port', '0', '--host', 'dcs.localhost']);
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString()));
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(line).toMatch(/^mock-dcs listening on http:\/\/dcs\.localhost:\d+ \(built-in demo config\)/);
      const port = /:(\d+)/.exec(line)?.[1];
      const res = await fetch(`http://127.0.0.1:${port}/event?d_rtbd=json&d_cts=2&c_section=sports`);
      expect(((await res.json()) as { segments: number[] }).segments).toEqual([5001]);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('--max-profiles, --max-profile-mb and --inactive-days bound the profile store', { timeout: 20_000 }, async () => {
    const child = spawn(process.execPath, [cli, '--port', '0', '--quiet', '--max-profiles', '2', '--max-profile-mb', '1', '--inactive-days', '1.5']);
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString()));
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const port = /:(\d+)/.exec(line)?.[1];
      for (let i = 0; i < 3; i++) await (await fetch(`http://127.0.0.1:${port}/event?d_rtbd=json&c_section=sports`)).text();
      const stats = (await (await fetch(`http://127.0.0.1:${port}/__admin/stats`)).json()) as { profiles: Record<string, number> };
      expect(stats.profiles).toEqual({ size: 2, maxProfiles: 2, bytes: expect.any(Number), maxBytes: 1024 * 1024, inactiveMs: 1.5 * 86_400_000, evictions: 1, expirations: 0 });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
