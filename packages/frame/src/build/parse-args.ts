import { isLoadableHost } from '@audience-relay/protocol';

/** `audience-relay-frame build` arguments, checked. */
export interface BuildArgs {
  partner: string;
  /** The DCS origin, serialized. */
  dcs: string;
  /** Allowed publisher origins, serialized, without duplicates. */
  allow: string[];
  out: string;
  /** The URL path the host serves the frame at, for `_headers` and the nginx snippet. */
  path: string;
  immutable: boolean;
}

export type ParsedArgs = { command: 'help' } | { command: 'version' } | { command: 'build'; args: BuildArgs } | { command: 'error'; problems: string[] };

export const USAGE = `Usage: audience-relay-frame build --partner NAME --dcs ORIGIN --allow ORIGIN [--allow ORIGIN ...] --out DIR [--path /frame.html] [--immutable]
       audience-relay-frame --version

Writes DIR/frame.html (partner, DCS and allowed origins fixed inside) and the headers a host
must serve it with: DIR/headers.json, DIR/_headers (Netlify, Cloudflare Pages) and
DIR/nginx.conf.

  --partner NAME   the DCS account, e.g. acme (lowercase letters, digits and -)
  --dcs ORIGIN     the DCS the frame calls, e.g. https://acme.demdex.net
  --allow ORIGIN   a publisher origin allowed to embed the frame (repeat for each)
  --out DIR        where to write the files (created if missing)
  --path PATH      the URL path the frame is served at (default /frame.html)
  --immutable      the path is versioned: cache for a year instead of revalidating
`;

const VALUE_FLAGS = ['--partner', '--dcs', '--allow', '--out', '--path'] as const;

/** What parseArgs may ask of the file system, so it stays testable without one. */
export interface ParseOptions {
  /** The file in the way of `out` becoming a directory (`out` itself or a parent), or null. */
  fileInTheWay?: (out: string) => string | null;
}

/** Every problem of `argv` (after the program name), each naming its argument. */
export function parseArgs(argv: readonly string[], options: ParseOptions = {}): ParsedArgs {
  if (argv.length === 1 && argv[0] === '--version') return { command: 'version' };
  // No arguments at all is a mistake (a script's empty variable), not a request for help.
  if (argv.length === 0) return { command: 'error', problems: ['a command is required: build'] };
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { command: 'help' };
  const problems: string[] = [];
  const [command, ...rest] = argv;
  if (command !== 'build') problems.push(`unknown command "${command}": expected "build"`);
  const values = new Map<string, string[]>();
  let immutable = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--immutable' && inline === undefined) {
      immutable = true;
    } else if ((VALUE_FLAGS as readonly string[]).includes(flag)) {
      const value = inline ?? rest[i + 1];
      if (inline === undefined) i++;
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        problems.push(`${flag}: missing value`);
        if (value !== undefined) i--;
      } else values.set(flag, [...(values.get(flag) ?? []), value]);
    } else problems.push(`unknown argument "${arg}"`);
  }

  const single = (flag: string): string | undefined => {
    const given = values.get(flag) ?? [];
    if (given.length > 1) problems.push(`${flag}: given ${given.length} times, expected once`);
    return given[0];
  };
  const partner = single('--partner');
  if (partner === undefined) {
    if (!problems.includes('--partner: missing value')) problems.push('--partner: required (the DCS account, e.g. acme)');
  } else if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(partner)) problems.push(`--partner "${partner}": expected lowercase letters, digits and -, e.g. acme`);

  const dcsValue = single('--dcs');
  let dcs: string | null = null;
  if (dcsValue === undefined) {
    if (!problems.includes('--dcs: missing value')) problems.push('--dcs: required (the DCS origin, e.g. https://acme.demdex.net)');
  } else {
    dcs = checkOrigin(dcsValue);
    if (!dcs) problems.push(`--dcs "${dcsValue}": ${originProblem(dcsValue, 'https://acme.demdex.net')}`);
  }

  const allow: string[] = [];
  const allowValues = values.get('--allow') ?? [];
  if (allowValues.length === 0 && !problems.includes('--allow: missing value')) problems.push('--allow: at least one publisher origin is required, e.g. https://www.publisher.example');
  for (const value of allowValues) {
    const origin = checkOrigin(value, 'publisher');
    if (!origin && value.includes(',')) problems.push(`--allow "${value}": ${commaProblem(value)}`);
    else if (!origin) problems.push(`--allow "${value}": ${originProblem(value, 'https://www.publisher.example')}`);
    else if (!allow.includes(origin)) allow.push(origin);
  }

  const out = single('--out');
  if (out === undefined) {
    if (!problems.includes('--out: missing value')) problems.push('--out: required (the directory to write)');
  } else if (out.trim() === '') problems.push('--out: expected a directory');
  else {
    const file = options.fileInTheWay?.(out);
    if (file) problems.push(`--out ${out}${file === out ? '' : `: ${file}`} is a file: give a directory`);
  }

  const path = single('--path') ?? '/frame.html';
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/.test(path) || path.includes('//') || /\/\.\.?(\/|$)/.test(path)) {
    problems.push(`--path "${path}": expected a URL path such as /frame.html or /acme/1.2.0/frame.html`);
  }

  if (problems.length > 0) return { command: 'error', problems };
  return { command: 'build', args: { partner: partner as string, dcs: dcs as string, allow, out: out as string, path, immutable } };
}

/** Loopback hosts, where http is as good as https (browsers treat them as secure contexts). */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * The serialized origin of `value` when it is nothing but an origin, else null. The DCS's must
 * be https (http on loopback only: its cookie needs `Secure`); a publisher's page may be http or
 * https (the frame, on the DCS's https origin, keeps its cookie either way; mock-dcs takes both
 * too: e2e/three-sites.spec.ts, "a publisher page on plain http"). Serialized as browsers give it (what
 * `frame-ancestors` and the frame's exact comparison see): lowercase, the default port dropped,
 * an internationalized host in its `xn--` form.
 */
export function checkOrigin(value: string, kind: 'dcs' | 'publisher' = 'dcs'): string | null {
  const url = bareOrigin(value);
  if (!url) return null;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (kind === 'publisher' || isLoopback(url.hostname)))) return null;
  return isLoadableHost(url.hostname) ? url.origin : null;
}

/** `value` parsed, when it names a scheme and a host (and port) and nothing else: no path, query, fragment or user. */
function bareOrigin(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.origin === 'null' || /[?#]/.test(value) || url.username || url.password || url.pathname !== '/') return null;
  // A path that only looks empty once parsed (`https://a.example/.`) is a path all the same.
  return /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/?$/i.test(value) ? url : null;
}

/** A list where one origin goes: each origin takes its own --allow. */
function commaProblem(value: string): string {
  const origins = value.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const example = origins.length > 0 ? origins : ['https://www.publisher.example', 'https://publisher.example'];
  return `one origin per --allow: repeat the flag, e.g. ${example.map((origin) => `--allow ${origin}`).join(' ')}`;
}

/** Why `value` is no origin the flag takes; `example`: that flag's kind of origin. */
function originProblem(value: string, example: string): string {
  const general = `expected an origin such as ${example} (scheme and host, no path)`;
  const url = bareOrigin(value);
  if (url) {
    if (!isLoadableHost(url.hostname)) return 'a wildcard or other character no browser loads in a host: list each origin (no * as in a CSP)';
    if (url.protocol === 'http:') return 'expected https (http only on localhost): the DCS cookie is SameSite=None; Secure';
  }
  return general;
}
