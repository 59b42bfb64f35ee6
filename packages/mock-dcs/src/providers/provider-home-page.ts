export interface ProviderHomePageInput {
  dcsUrl: string;
  dpid: number;
  port: number;
  calls: number;
  syncs: number;
  /** Paths of the latest real-time calls, oldest first. */
  recentPaths: readonly string[];
  /** A user ID this provider gives (the last visitor synced, else an example), for the page's sample link. */
  sampleUid: string;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The demo provider's `/`: what it is, what the DCS asked it lately, and how a provider team checks its own endpoint. */
export function providerHomePage({ dcsUrl, dpid, port, calls, syncs, recentPaths, sampleUid }: ProviderHomePageInput): string {
  const server = `http://127.0.0.1:${port}`;
  const recent = recentPaths.slice(-10).reverse();
  const rows = recent.length
    ? recent.map((path) => `<li><code>GET ${escapeHtml(path)}</code></li>`).join('')
    : '<li>None yet. Open the publisher page, then reload it: the first view syncs the visitor, the second asks for segments.</li>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Golf Data Co: demo content provider</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}code{background:#f2f2f2;padding:0 .2em}li{margin:.3em 0}</style></head>
<body>
<h1>Golf Data Co: a demo real-time content provider</h1>
<p>This server plays a third-party data provider in the audience-relay demo. The DCS (<a href="${escapeHtml(dcsUrl)}/">${escapeHtml(dcsUrl)}</a>) knows it as data source <strong>${dpid}</strong>.
During a visitor's event call, the DCS asks it in real time which segments it holds for that visitor; its answer <code>golf_fan</code>
qualifies trait 1005 and segment 5005 in the same response, which the publisher page then shows.</p>
<h2>How a visitor becomes known here</h2>
<ol>
<li>The visitor's first event call answers an ID sync (<code>ibs</code>) pointing at <code>/sync?uuid=&lt;DCS device ID&gt;</code>; the DCS's frame fires it.</li>
<li>This provider gives the visitor its own ID (<code>cp-</code> and 16 hex digits, derived from the DCS device ID, so it keeps nothing per visitor) and redirects to the DCS's <code>/ibs:dpid=${dpid}&amp;dpuuid=&lt;its ID&gt;</code>, which stores the pair.</li>
<li>From the next event call on, the DCS calls <code>${escapeHtml(server)}/segments?uid=&lt;its ID&gt;</code>, with the page's privacy parameters, and waits at most its timeout (300 ms in the demo).</li>
</ol>
<p>So far: <strong>${syncs}</strong> ID syncs and <strong>${calls}</strong> real-time calls. Try one yourself: <a href="/segments?uid=${encodeURIComponent(sampleUid)}"><code>/segments?uid=${escapeHtml(sampleUid)}</code></a> (it answers every visitor the same).</p>
<h2>Latest real-time calls from the DCS</h2>
<ul>${rows}</ul>
<h2>Building your own provider endpoint</h2>
<p>The guide is <code>docs/content-providers.md</code>, in the <code>@audience-relay/mock-dcs</code> package (and the audience-relay repository): the calls the DCS makes, the privacy rules, the answer format and its limits.
Check an endpoint as the DCS would call it:</p>
<pre><code>npx mock-dcs-provider-check '${escapeHtml(server)}/segments?uid=\${DPUUID}'</code></pre>
</body></html>
`;
}
