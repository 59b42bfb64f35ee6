// A publisher whose page loads the tag with acme's frame built for it onto a CDN of its own (a
// static host apart from the DCS, docs/deploying.md), the DCS answering the CDN's origin by CORS.
// Each site is a static server on a temporary directory; `close` stops them and removes it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFrameArtifact } from '@audience-relay/frame/build';
import type { Sites } from './fixtures';
import { startStaticSite, type StaticSite } from './static-site';

const repo = new URL('..', import.meta.url).pathname;

export interface CdnFrameSites {
  cdn: StaticSite;
  publisher: StaticSite;
  /** A directory of the sites' files, made if missing: `cdn/...` is served by `cdn`. */
  root(name: string): string;
  /** Another static site on the same files (`name/`), on `hostname`. */
  startSite(name: string, hostname: string): Promise<StaticSite>;
  close(): Promise<void>;
}

/**
 * The publisher's page (`/`) sets `document.title` from `ready`'s result through `title`, a
 * function expression of it (`function (r) { return r.status; }`).
 */
export async function cdnFrameSites(sites: Sites, title: string): Promise<CdnFrameSites> {
  const dir = mkdtempSync(join(tmpdir(), 'audience-relay-cdn-frame-'));
  const started: StaticSite[] = [];
  const root = (name: string): string => (mkdirSync(join(dir, name), { recursive: true }), join(dir, name));
  const startSite = async (name: string, hostname: string): Promise<StaticSite> => {
    const site = await startStaticSite(root(name), hostname);
    started.push(site);
    return site;
  };
  const close = async (): Promise<void> => {
    await Promise.all(started.map((site) => site.close()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const cdn = await startSite('cdn', 'cdn.localhost');
    const publisher = await startSite('publisher', 'publisher.localhost');
    // The frame built for acme on the CDN, as `audience-relay-frame build` makes it.
    const template = readFileSync(join(repo, 'packages/frame/dist/frame.html'), 'utf8');
    const frame = buildFrameArtifact(template, { partner: 'acme', dcs: sites.dcs.url, allowedOrigins: [publisher.url] });
    writeFileSync(join(root('cdn/acme'), 'frame.html'), frame.html);
    writeFileSync(join(dir, 'cdn/acme/headers.json'), JSON.stringify(frame.headers));
    const snippet = readFileSync(join(repo, 'packages/tag/dist/snippet.min.js'), 'utf8').trim();
    const config = { partner: 'acme', dcs: sites.dcs.url, frame: `${cdn.url}/acme/frame.html`, timeoutMs: 5000 };
    writeFileSync(
      join(dir, 'publisher/index.html'),
      `<!doctype html><meta charset="utf-8"><script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>audienceRelay('config', ${JSON.stringify(config)});
audienceRelay('ready').then(function (r) { document.title = (${title})(r); });</script>`,
    );
    // The DCS answers the frame's origin (the CDN) by CORS.
    const dcsConfig = sites.demo();
    dcsConfig.partners.acme!.allowedOrigins = [cdn.url];
    sites.dcs.setConfig(dcsConfig);
    return { cdn, publisher, root, startSite, close };
  } catch (error) {
    await close();
    throw error;
  }
}
