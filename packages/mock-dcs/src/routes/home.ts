import { html, sendHtmlPage } from '../html-page';
import type { Route } from './route';

/** `GET /`: what this server is, for the partner the `Host` names, with links to everything a person can open. */
export const homeRoute: Route = (req, res, { state, partner }) => {
  const others = [...state.config().partners.keys()].filter((name) => name !== partner.name);
  const origins = [...partner.allowedOrigins];
  sendHtmlPage(
    req,
    res,
    `mock-dcs: partner ${partner.name}`,
    html`<h1>mock-dcs</h1>
<p>A Data Collection Server emulator for audience-relay demos and tests. This host serves partner
<strong>${partner.name}</strong>${others.length ? html` (also configured: ${others.join(', ')}, on <code>&lt;partner&gt;.</code> host names)` : ''}.</p>
<h2>Pages may embed the frame from</h2>
${origins.length ? html`<ul>${origins.map((o) => html`<li><code>${o}</code></li>`)}</ul>` : html`<p>No origin: <code>allowedOrigins</code> is empty, so no page may embed the frame.</p>`}
<p class="muted">A page on another origin is refused by the frame (and its <code>frame-ancestors</code>): add it to the partner's <code>allowedOrigins</code>.</p>
<h2>Open</h2>
<table>
<tr><td><a href="/__admin/">/__admin/</a></td><td>the admin API: counters, the last calls, every admin endpoint (this machine only)</td></tr>
<tr><td><a href="/__admin/requests">/__admin/requests</a></td><td>the request log: recorded event calls, <code>p_</code> values redacted (JSON)</td></tr>
<tr><td><a href="/__admin/profiles">/__admin/profiles</a></td><td>device profiles: traits, declared and synced IDs (JSON)</td></tr>
<tr><td><a href="/frame.html">/frame.html</a></td><td>the frame pages embed (it does nothing when opened on its own)</td></tr>
<tr><td><a href="/audience-relay.js">/audience-relay.js</a></td><td>the tag a page loads</td></tr>
</table>
<h2>Endpoints the tag and the frame call</h2>
<table>
<tr><td><code>GET|POST /event</code></td><td>qualifies signals into traits and segments</td></tr>
<tr><td><code>GET /ibs:dpid=…&amp;dpuuid=…</code></td><td>ID sync: stores a partner's ID for the device</td></tr>
<tr><td><code>GET /demoptout.jpg</code></td><td>opts the device out</td></tr>
<tr><td><code>GET /id</code></td><td>the ID service (Visitor API's first call): Experience Cloud ID, region, blob, ID syncs</td></tr>
<tr><td><a href="/dest5.html">/dest5.html</a></td><td>the destination-publishing iframe Adobe's clients attach (fires ID syncs and URL destinations; blank when opened on its own)</td></tr>
<tr><td><code>GET /audience-relay-outputs.js</code>, <code>/audience-relay-debug.js</code></td><td>bundles the tag loads on demand</td></tr>
</table>
<p class="muted">Documented in the README of @audience-relay/mock-dcs.</p>`,
  );
};
