import type { IncomingMessage, ServerResponse } from 'node:http';
import { html, sendHtmlPage } from '../html-page';
import type { ServerState } from '../server-state';
import { REQUEST_LOG_CAPACITY } from './request-log';

const ENDPOINTS: Array<[method: string, path: string, what: string]> = [
  ['GET', '/__admin/requests', 'recorded event calls, oldest first (p_ values redacted); ?uuid= ?partner= ?offset= ?limit='],
  ['DELETE', '/__admin/requests', 'forget them'],
  ['GET', '/__admin/profiles', 'device profiles, least recently active first; ?uuid= ?partner= ?offset= ?limit='],
  ['GET', '/__admin/profiles/<uuid>', 'one profile'],
  ['GET', '/__admin/stats', 'profile store size, evictions and expirations; event calls; the emulator memory'],
  ['GET', '/__admin/config', 'the running config'],
  ['PUT', '/__admin/config', 'replace it (400 lists every problem)'],
  ['POST', '/__admin/reset', 'forget profiles, requests and faults'],
  ['GET', '/__admin/faults', 'the pending fault plan'],
  ['POST', '/__admin/faults', 'inject faults into the next event calls: { "count": 2, "latencyMs": 800, "status": 503, … }'],
  ['DELETE', '/__admin/faults', 'cancel them'],
];
const RECENT = 10;

/** `GET /__admin/`: the admin API as a page: counters, endpoints, the last calls. */
export function adminIndexPage(req: IncomingMessage, res: ServerResponse, state: ServerState): void {
  const stats = state.profiles.stats();
  const recent = state.requests.list().slice(-RECENT).reverse();
  const fault = state.faults.pending;
  const days = stats.inactiveMs / 86_400_000;
  sendHtmlPage(
    req,
    res,
    'mock-dcs admin',
    html`<h1>mock-dcs admin</h1>
<p>The emulator's admin API, for tests and QA on this machine (<a href="/">about this server</a>).
Every endpoint answers JSON; calls that change something need <code>Content-Type: application/json</code>.</p>
<h2>Now</h2>
<table>
<tr><th>profiles kept</th><td>${stats.size.toLocaleString('en')} of at most ${stats.maxProfiles.toLocaleString('en')} (<a href="/__admin/profiles">list</a>)</td></tr>
<tr><th>evicted when full</th><td>${stats.evictions.toLocaleString('en')}, least recently active first</td></tr>
<tr><th>expired</th><td>${stats.expirations.toLocaleString('en')}, after ${days >= 1 ? `${days} days` : `${stats.inactiveMs} ms`} without activity</td></tr>
<tr><th>event calls recorded</th><td>${state.requests.size} (the last ${REQUEST_LOG_CAPACITY} are kept: <a href="/__admin/requests">request log</a>)</td></tr>
<tr><th>pending fault</th><td>${fault ? JSON.stringify(fault) : 'none'}</td></tr>
</table>
<h2>Last event calls</h2>
${
  recent.length === 0
    ? html`<p class="muted">None yet. Open a page that loads the tag, or call <code>/event</code>.</p>`
    : html`<table><tr><th>time</th><th>partner</th><th>status</th><th>errors</th><th>device</th><th>call</th></tr>
${recent.map(
  (r) => html`<tr><td>${new Date(r.time).toISOString().slice(11, 23)}</td><td>${r.partner}</td><td>${r.status}</td><td>${r.errors.join(', ')}${r.refusedOrigin ? html`${r.errors.length ? '; ' : ''}CORS refused: ${r.refusedOrigin} is not in allowedOrigins` : ''}</td>
<td>${r.uuid ? html`<a href="${`/__admin/profiles/${r.uuid}`}">${r.uuid.slice(0, 8)}…</a>` : '-'}</td><td><code>${r.method} ${r.path.slice(0, 160)}</code></td></tr>
`,
)}</table>`
}
<h2>Endpoints</h2>
<table><tr><th>method</th><th>path</th><th>what</th></tr>
${ENDPOINTS.map(
  ([method, path, what]) =>
    html`<tr><td>${method}</td><td>${method === 'GET' && !path.includes('<') ? html`<a href="${path}">${path}</a>` : html`<code>${path}</code>`}</td><td>${what}</td></tr>
`,
)}</table>
<p class="muted">Documented in the README of @audience-relay/mock-dcs, "Admin API".</p>`,
  );
}
