// New-user trial 16: `--path` takes `;` (a legal URL path character, e.g. /audience-relay/acme;v=2/frame.html),
// but nginx.conf wrote it bare, `location = /audience-relay/acme;v=2/frame.html {`, where `;` ends the
// directive: `nginx -t` failed with 'directive "location" has no opening "{"'. The path is quoted then.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nginxSnippet } from '../src/build/header-files';

const HEADERS = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' };
const nginx = (() => {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('nginx.conf for a --path nginx would split', () => {
  it('quotes a path with a ; in its location', () => {
    expect(nginxSnippet('/audience-relay/acme;v=2/frame.html', HEADERS)).toContain('location = "/audience-relay/acme;v=2/frame.html" {');
  });

  it('leaves an ordinary path as it was', () => {
    expect(nginxSnippet("/audience-relay/acme/1.0.0/frame.html", HEADERS)).toContain('location = /audience-relay/acme/1.0.0/frame.html {');
  });

  it.skipIf(!nginx)('nginx -t takes the snippet included in a server { } (nginx on this machine)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trial16-nginx-'));
    writeFileSync(join(dir, 'frame.conf'), nginxSnippet('/audience-relay/acme;v=2/frame.html', HEADERS));
    writeFileSync(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; server { listen 127.0.0.1:1; include ${dir}/frame.conf; } }\n`,
    );
    expect(() => execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' })).not.toThrow();
  });
});
