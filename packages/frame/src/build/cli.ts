import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildFrameArtifact } from './frame-artifact';
import { headersFile, nginxSnippet } from './header-files';
import { USAGE, parseArgs } from './parse-args';

export interface CliIo {
  /** The built `frame.html` template (the package's `dist/frame.html`). */
  readTemplate(): Promise<string>;
  /** The package's version (its package.json), for `--version`. */
  readVersion(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The longest line of `_headers` Cloudflare Pages takes ("Each line in the _headers file has a 2,000 character limit"). */
const CLOUDFLARE_HEADERS_LINE = 2000;

/** The files `build` writes, by name. */
export const OUTPUT_FILES = ['frame.html', 'headers.json', '_headers', 'nginx.conf'] as const;

/**
 * `audience-relay-frame build ...`: resolves to the exit code. 0 done (or help), 1 the files
 * could not be written, 2 bad arguments (every problem named, nothing written).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, { fileInTheWay });
  if (parsed.command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (parsed.command === 'version') {
    io.stdout(`${await io.readVersion()}\n`);
    return 0;
  }
  if (parsed.command === 'error') {
    io.stderr(`audience-relay-frame: ${parsed.problems.length === 1 ? 'bad argument' : `${parsed.problems.length} bad arguments`}:\n${parsed.problems.map((p) => `  ${p}\n`).join('')}\n${USAGE}`);
    return 2;
  }
  const { args } = parsed;
  try {
    const template = await io.readTemplate();
    const { html, headers } = buildFrameArtifact(template, { partner: args.partner, dcs: args.dcs, allowedOrigins: args.allow, immutable: args.immutable });
    const out = resolve(args.out);
    await mkdir(out, { recursive: true });
    const contents: Record<(typeof OUTPUT_FILES)[number], string> = {
      'frame.html': html,
      'headers.json': `${JSON.stringify(headers, null, 2)}\n`,
      _headers: headersFile(args.path, headers),
      'nginx.conf': nginxSnippet(args.path, headers),
    };
    for (const name of OUTPUT_FILES) await writeFile(join(out, name), contents[name]);
    io.stdout(
      `audience-relay-frame: built the frame of partner ${args.partner}, calling ${args.dcs}, for ${args.allow.join(', ')}\n` +
        OUTPUT_FILES.map((name) => `  ${join(out, name)}\n`).join('') +
        `Serve frame.html at ${args.path} with the headers in headers.json.\n`,
    );
    // Cloudflare Pages takes at most 2,000 characters per line of _headers: many allowed
    // origins make the policy's line longer (60 of about 30 characters do).
    const longest = Math.max(...contents._headers.split('\n').map((line) => line.length));
    if (longest > CLOUDFLARE_HEADERS_LINE) {
      io.stderr(
        `audience-relay-frame: note: the Content-Security-Policy line of _headers is ${longest} characters, over the ${CLOUDFLARE_HEADERS_LINE.toLocaleString('en')} ` +
          `Cloudflare Pages takes for a line of that file (${args.allow.length} allowed origins). Serve this frame from a host without ` +
          'that limit (nginx.conf, headers.json), or split the origins across several builds, each at its own --path.\n',
      );
    }
    return 0;
  } catch (error) {
    io.stderr(`audience-relay-frame: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** The process entry: the template next to this file in the package's `dist/`. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    readTemplate: () => readFile(new URL('./frame.html', import.meta.url), 'utf8'),
    readVersion: async () => (JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}

/**
 * The file in the way of `out` becoming a directory: `out` itself (as given) or the nearest of
 * its parents that exists, when that is not a directory (mkdir would fail with EEXIST or
 * ENOTDIR, after the arguments were taken). Null otherwise.
 */
export function fileInTheWay(out: string): string | null {
  let path = resolve(out);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      const parent = dirname(path);
      if (parent === path) return null;
      path = parent;
      continue;
    }
    if (isDirectory) return null;
    return path === resolve(out) ? out : path;
  }
}
