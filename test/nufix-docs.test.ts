// New-user trial (packed tarballs): docs/deploying.md said "Upload the frame directory", which
// holds _headers, nginx.conf and headers.json too (server configuration, published as files),
// and did not say how to see the frame's headers, which diagnose() cannot; docs/content-providers.md
// did not say that ID syncs fire on every page view where the frame has no storage, which page a
// user of the packaged mock-dcs can use, nor that the /ibs: URL must be on the DCS's cookie host.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FILES } from '../packages/frame/src/build/index';
import { DEMO_PUBLISHER_ORIGINS } from '../packages/mock-dcs/src/index';

const root = new URL('..', import.meta.url).pathname;
/** The doc's prose on one line, as a reader reads it across the wrapping. */
const prose = (name: string): string => readFileSync(join(root, 'docs', name), 'utf8').replace(/\s*\n\s*/g, ' ');

describe('docs/deploying.md: what to upload, and how to check the headers', () => {
  const doc = prose('deploying.md');
  it('says to upload frame.html alone, the build\'s other files being server configuration', () => {
    expect(doc).toContain('Upload `frame.html` alone. The other three are server configuration for the host that serves it, not files to publish beside it');
    // "The other three" are what the build writes besides frame.html.
    expect(OUTPUT_FILES.filter((name) => name !== 'frame.html').sort()).toEqual(['_headers', 'headers.json', 'nginx.conf']);
    expect(doc).toContain('`_headers` is read only at the root of a site on Netlify or Cloudflare Pages');
    expect(doc).not.toContain('Upload the frame directory');
  });

  it('says diagnose() cannot see the headers, and to compare curl -sI with headers.json', () => {
    expect(doc).toContain('`diagnose()` cannot see them');
    expect(doc).toMatch(/compare `curl -sI <frame url>` .* with `headers\.json`/);
  });
});

describe('docs/content-providers.md: syncs without storage, a page for the packaged mock-dcs, the /ibs: host', () => {
  const doc = prose('content-providers.md');
  it('says syncs fire again on every page view where the frame has no storage', () => {
    expect(doc).toContain('where the browser gives it none (third-party storage blocked), it fires the sync again on every page view');
  });

  it("names the demo's allowed publisher origin as where a page of one's own works", () => {
    const origin = /served at the demo's allowed origin, `([^`]+)`/.exec(doc)?.[1];
    expect(origin).toBeDefined();
    expect(DEMO_PUBLISHER_ORIGINS).toContain(origin);
  });

  it("says the /ibs: URL must be on the DCS's cookie host, not 127.0.0.1", () => {
    expect(doc).toContain("the `/ibs:` URL must be on the DCS's cookie host");
    expect(doc).toContain('not `127.0.0.1`, where the browser sends no cookie');
  });
});
