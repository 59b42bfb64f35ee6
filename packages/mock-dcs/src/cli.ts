import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, compileConfig, type MockDcsConfig } from './config';
import { DEMO_PROVIDER_DPID, demoConfig } from './demo-config';
import { startContentProvider, type ContentProvider } from './providers/content-provider-server';
import { isHostName } from './host-name';
import { jsonProblem } from './json-problem';
import { startMockDcs } from './server';

const USAGE = `Usage: mock-dcs [--config FILE] [--port N] [--host NAME] [--https] [--max-profiles N] [--max-profile-mb M] [--inactive-days D] [--quiet] [--version] [--help]

Runs the Data Collection Server emulator.

  --config FILE      JSON config (format: this package's README.md); default: the built-in demo
  --port N           port to listen on (default 4100; 0 picks a free port)
  --host NAME        host name to print in URLs (default dcs.localhost); it listens on 127.0.0.1
  --https            serve over HTTPS with a locally generated certificate for NAME and *.NAME
                     (browsers must trust it, or run with --ignore-certificate-errors)
  --max-profiles N   profiles kept at most; beyond it the least recently active is evicted
                     (default 200000)
  --max-profile-mb M what the kept profiles may hold, by the emulator's estimate, in MiB;
                     beyond it the least recently active are evicted (default 256)
  --inactive-days D  a profile inactive this long expires (default 120, as Audience
                     Manager's; decimals allowed: 0.0001 is about 9 seconds)
  --quiet            do not log each request
  --version          print the version and exit
  --help             show this text
`;

/** A mistyped command line: the reason, then the usage. */
function fail(message: string): never {
  process.stderr.write(`mock-dcs: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** A command line that was right, but could not run (a bad config file, a busy port): the reason alone, and what to do. */
function cannotRun(message: string): never {
  process.stderr.write(`mock-dcs: ${message}\n`);
  process.exit(2);
}

let values: { config?: string; port?: string; host?: string; https?: boolean; 'max-profiles'?: string; 'max-profile-mb'?: string; 'inactive-days'?: string; quiet?: boolean; version?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      https: { type: 'boolean' },
      'max-profiles': { type: 'string' },
      'max-profile-mb': { type: 'string' },
      'inactive-days': { type: 'string' },
      quiet: { type: 'boolean' },
      version: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}

if (values.version) {
  // This file runs as the package's dist/cli.js: its package.json is one level up.
  process.stdout.write(`${(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version}\n`);
  process.exit(0);
}

if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const port = Number(values.port ?? 4100);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: "${values.port}" is not a port number`);

const maxProfiles = values['max-profiles'] === undefined ? undefined : Number(values['max-profiles']);
if (maxProfiles !== undefined && !(Number.isSafeInteger(maxProfiles) && maxProfiles > 0)) fail(`--max-profiles: "${values['max-profiles']}" is not a positive whole number`);
const maxProfileMb = values['max-profile-mb'] === undefined ? undefined : Number(values['max-profile-mb']);
if (maxProfileMb !== undefined && !(Number.isFinite(maxProfileMb) && maxProfileMb > 0)) fail(`--max-profile-mb: "${values['max-profile-mb']}" is not a positive number`);
const inactiveDays = values['inactive-days'] === undefined ? undefined : Number(values['inactive-days']);
if (inactiveDays !== undefined && !(Number.isFinite(inactiveDays) && inactiveDays > 0)) fail(`--inactive-days: "${values['inactive-days']}" is not a positive number`);

const hostname = values.host ?? 'dcs.localhost';
if (!isHostName(hostname)) fail(`--host: "${hostname}" is not a host name: give the name alone, e.g. --host dcs.localhost (no scheme, port or path: --https for HTTPS, --port N for the port)`);

let config: MockDcsConfig | undefined;
if (values.config) {
  let text = '';
  try {
    text = readFileSync(values.config, 'utf8');
  } catch (error) {
    cannotRun(`cannot read ${values.config}: ${(error as Error).message}`);
  }
  try {
    config = JSON.parse(text) as MockDcsConfig;
  } catch (error) {
    // Read, but not JSON: where, as an editor shows it.
    cannotRun(`cannot parse ${values.config}: ${jsonProblem(text, error as Error)}`);
  }
  try {
    compileConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) cannotRun(`${values.config}: ${error.message}\n(the config format: the README of @audience-relay/mock-dcs, "Config")`);
    throw error;
  }
}


const dcs = await startMockDcs({
  ...(config ? { config } : {}),
  port,
  hostname,
  https: values.https ?? false,
  ...(maxProfiles !== undefined ? { maxProfiles } : {}),
  ...(maxProfileMb !== undefined ? { maxProfileBytes: Math.max(1024, Math.round(maxProfileMb * 1024 * 1024)) } : {}),
  ...(inactiveDays !== undefined ? { inactiveMs: inactiveDays * 86_400_000 } : {}),
  ...(values.quiet ? {} : { log: (line: string) => void process.stdout.write(`${line}\n`) }),
}).catch((error: NodeJS.ErrnoException) =>
  cannotRun(
    error.code === 'EADDRINUSE'
      ? `port ${port} is in use (another mock-dcs, or \`npm start\` of the repository?): stop it, or give another port: --port N (--port 0 picks a free one)`
      : error.message,
  ),
);

// The built-in demo comes with its real-time content provider, which redirects ID syncs
// back to this DCS: started once the DCS's own URL is known.
let provider: ContentProvider | null = null;
if (!config) {
  provider = await startContentProvider({ dcsUrl: dcs.url, dpid: DEMO_PROVIDER_DPID });
  dcs.setConfig(demoConfig(undefined, { browserUrl: `http://provider.localhost:${provider.port}`, serverUrl: provider.url }));
}

process.stdout.write(`mock-dcs listening on ${dcs.url} (${values.config ?? 'built-in demo config'})\n`);
if (provider) process.stdout.write(`demo content provider on http://provider.localhost:${provider.port}\n`);
const stop = (): void => void Promise.all([dcs.close(), provider?.close()]).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
