import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { didYouMean } from './did-you-mean';
import { checkConsent } from './event/consent';
import { printable } from './printable';
import { checkProvider, type ProviderCheckReport } from './providers/check-provider';
import { templateFragmentProblem, templatePrivacyProblem } from './providers/passed-on';
import { providerPrivacy, PASSED_ON } from './providers/provider-privacy';

const USAGE = `Usage: mock-dcs-provider-check URL [options]

Calls a real-time content provider endpoint as the DCS does during an event call, checks
every answer against the contract (docs/content-providers.md, in this package), and reports
the latency against the timeout. Exit code 0: the endpoint would work in production; 1: it would not
(the DCS would answer error 10); 2: bad usage.

  URL                  the URL template, as in the DCS config, in single quotes:
                       'https://cp.example/segments?uid=\${DPUUID}' (\${UUID}: the DCS device ID)
  --runs N             calls to measure, one after the other, after one warm-up call
                       (default 20, at most 1000)
  --timeout MS         the provider's timeoutMs in the DCS config (default 300)
  --uid ID             the test visitor's ID at the provider, for \${DPUUID} (default mock-dcs-check-visitor)
  --gdpr 0|1           privacy parameters passed on, as a page would send them
  --gdpr-consent TC      (default: --gdpr 0 --us-privacy 1YNN)
  --gpp STRING
  --gpp-sid LIST
  --us-privacy STRING
  --json               print the report as JSON
  --help               show this text
  --version            print the version and exit
`;

const fail = (message: string, usage = true): never => {
  process.stderr.write(`mock-dcs-provider-check: ${message}\n${usage ? `\n${USAGE}` : ''}`);
  process.exit(2);
};

const OPTIONS = {
  runs: { type: 'string' },
  timeout: { type: 'string' },
  uid: { type: 'string' },
  gdpr: { type: 'string' },
  'gdpr-consent': { type: 'string' },
  gpp: { type: 'string' },
  'gpp-sid': { type: 'string' },
  'us-privacy': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ allowPositionals: true, strict: true, options: OPTIONS });
}
try {
  parsed = parse();
} catch (error) {
  // Node's own words ("To specify a positional argument starting with a '-'…") are about its
  // parser, not this command: the option named, the one it resembles, and the list.
  const { code, message } = error as { code?: string; message: string };
  const names = Object.keys(OPTIONS).map((name) => `--${name}`);
  const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(message)?.[1] : undefined;
  const missing = code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? /'(--[\w-]+)/.exec(message)?.[1] : undefined;
  if (unknown !== undefined) {
    const meant = unknown.startsWith('--') ? didYouMean(unknown.slice(2), Object.keys(OPTIONS)) : null;
    fail(`unknown option ${unknown}${meant ? ` (did you mean --${meant}?)` : ''}; the options: ${names.join(', ')}`, false);
  }
  if (missing !== undefined) fail(`${missing}: missing value`);
  fail(message);
}
const { values, positionals } = parsed!;
if (values.version) {
  // This file runs as the package's dist/provider-check-cli.js: its package.json is one level up.
  process.stdout.write(`${(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version}\n`);
  process.exit(0);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) fail(positionals.length ? `one URL, not ${positionals.length}` : 'the provider URL is missing');
const template = positionals[0] as string;
if (!/^https?:\/\/[^/?#\s]+/i.test(template)) fail(`"${template}" is not an http(s) URL`);
if (!template.includes('${DPUUID}') && !template.includes('${UUID}')) {
  fail(`"${template}" names no visitor: put \${DPUUID} (your ID for the visitor) or \${UUID} in it, in single quotes so the shell leaves it alone`);
}
const privacyProblem = templatePrivacyProblem(template);
if (privacyProblem) fail(`"${template}" ${privacyProblem} (the options --gdpr, --gdpr-consent, --gpp, --gpp-sid and --us-privacy give them)`);
const fragmentProblem = templateFragmentProblem(template);
if (fragmentProblem) fail(`"${template}" ${fragmentProblem}`);
const integer = (name: string, value: string | undefined, fallback: number, max: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) fail(`--${name}: "${value}" is not a whole number from 1 to ${max}`);
  return n;
};
const runs = integer('runs', values.runs, 20, 1000);
const timeoutMs = integer('timeout', values.timeout, 300, 60000);

// The privacy parameters, then the DCS's own rule on whether it would call at all.
if (values.gdpr !== undefined && values.gdpr !== '0' && values.gdpr !== '1') {
  fail(`--gdpr: "${values.gdpr}" is not 0 or 1 (1: GDPR applies, with --gdpr-consent <TC string>)`, false);
}
if (values.gdpr === '1' && values['gdpr-consent'] === undefined) {
  fail('--gdpr 1 (GDPR applies) needs the consent string: pass --gdpr-consent <TC string>, or --gdpr 0', false);
}
const given = new Map<string, string[]>();
const set = (key: string, value: string | undefined): void => void (value !== undefined && given.set(key, value.split(',')));
const anyPrivacy = [values.gdpr, values['gdpr-consent'], values.gpp, values['gpp-sid'], values['us-privacy']].some((v) => v !== undefined);
set('gdpr', anyPrivacy ? values.gdpr : '0');
set('gdpr_consent', values['gdpr-consent']);
set('gpp', values.gpp);
set('gpp_sid', values['gpp-sid']);
set('us_privacy', anyPrivacy ? values['us-privacy'] : '1YNN');
const consent = checkConsent(given.get('gdpr')?.[0], given.get('gdpr_consent')?.[0], 565);
const privacy = providerPrivacy(given, { consent, coppa: false, gpc: false });
if (privacy.withheld) {
  const why = { coppa: 'COPPA', 'no-consent': 'GDPR applies and the consent string grants the DCS no consent', 'opted-out': 'the signals record a US opt-out' }[privacy.withheld];
  fail(`the DCS would not call your endpoint with these privacy signals (${why}); check with signals under which it does`, false);
}

const report = await checkProvider({ url: template, runs, timeoutMs, ...(values.uid !== undefined ? { dpuuid: values.uid } : {}), privacy: privacy.params });
// The endpoint's answers are in the report: printed as text, never as terminal control sequences.
const output = values.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report);
process.stdout.write(output.split('\n').map(printable).join('\n'));
process.exit(report.pass ? 0 : 1);

function describe(r: ProviderCheckReport): string {
  const lines = [`GET ${r.requestUrl}`, `  ${r.runs.length} calls, timeout ${r.timeoutMs} ms (passed on: ${PASSED_ON.filter((k) => given.has(k)).join(', ') || 'none'})`];
  lines.push(`  latency p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms (timeout ${r.timeoutMs} ms)`);
  const timedOut = r.runs.filter((run) => run.problem?.startsWith('timed out')).length;
  if (timedOut > 0) {
    const larger = Math.min(60000, Math.max(r.timeoutMs * 10, 3000));
    lines.push(
      `  (${timedOut} call${timedOut > 1 ? 's' : ''} timed out: the latency figures are capped at the ${r.timeoutMs} ms deadline; to measure the real latency, run again with --timeout <larger ms>, e.g. --timeout ${larger})`,
    );
  }
  const failed = r.runs.filter((run) => run.problem !== null);
  lines.push(`  answers: ${r.runs.length - failed.length} valid, ${failed.length} failed`);
  lines.push(`  segments answered: ${r.segments.length ? r.segments.join(', ') : 'none'}`);
  // Each distinct problem once, with how often and the first run it happened in.
  const problems = new Map<string, number[]>();
  r.runs.forEach((run, i) => run.problem !== null && problems.set(run.problem, [...(problems.get(run.problem) ?? []), i + 1]));
  for (const [problem, at] of problems) lines.push(`  run ${at[0]}${at.length > 1 ? ` (and ${at.length - 1} more)` : ''}: ${problem}`);
  for (const warning of r.warnings) lines.push(`  warning: ${warning}`);
  lines.push(
    r.pass
      ? 'PASS: every answer followed the contract within the timeout.'
      : `FAIL: ${failed.length} of ${r.runs.length} calls would be error 10 in production (the visitor's page gets no segments from you).`,
  );
  return `${lines.join('\n')}\n`;
}
