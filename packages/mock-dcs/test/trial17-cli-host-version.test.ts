// New-user trial 17 (every command's --help and its error on wrong input):
// - `mock-dcs --host https://dcs.localhost` (a URL where the name goes) started and printed
//   `mock-dcs listening on http://https://dcs.localhost:33279`; `--host 'bad host'` printed
//   `http://bad host:4100`. startMockDcs({ hostname }) (the QA kit's dcsOptions) took the same.
// - `mock-dcs-provider-check --version` answered `unknown option --version`, where `mock-dcs`
//   and `audience-relay-frame` print the version.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startMockDcs } from '../src/index';

const bin = (name: string) => new URL(`../bin/${name}.js`, import.meta.url).pathname;
const run = (name: string, ...args: string[]) => spawnSync(process.execPath, [bin(name), ...args], { encoding: 'utf8', timeout: 10000 });
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('mock-dcs --host', () => {
  it('refuses a URL or a name with a space, exit 2, saying what to give', { timeout: 30_000 }, () => {
    for (const host of ['https://dcs.localhost', 'dcs.localhost:4100', 'bad host', 'dcs.localhost/x']) {
      const result = run('mock-dcs', '--host', host, '--port', '0', '--quiet');
      expect(result.status, host).toBe(2);
      expect(result.stderr).toContain(`--host: "${host}" is not a host name: give the name alone, e.g. --host dcs.localhost`);
      expect(result.stdout).toBe('');
    }
  });

  it('startMockDcs refuses such a hostname too, and takes names and addresses', async () => {
    await expect(startMockDcs({ hostname: 'https://dcs.localhost', port: 0 })).rejects.toThrow('hostname: "https://dcs.localhost" is not a host name');
    for (const hostname of ['dcs.localhost', 'demdex.net', '127.0.0.1', 'localhost', '[::1]', 'my_dcs.localhost']) {
      const dcs = await startMockDcs({ hostname, port: 0 });
      expect(dcs.url).toBe(`http://${hostname}:${dcs.port}`);
      await dcs.close();
    }
  });
});

describe('mock-dcs-provider-check --version', () => {
  it('prints the package version and exits 0, and --help lists it', { timeout: 20_000 }, () => {
    const result = run('mock-dcs-provider-check', '--version');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
    expect(run('mock-dcs-provider-check', '--help').stdout).toContain('--version            print the version and exit');
  });
});
