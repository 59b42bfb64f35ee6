import type { AudienceRelay, CallRecord, DebugEvent, Diagnosis, RelayEventName } from '../types';
import { diagnose, diagnoseLive } from './diagnose';

// The debug panel: a fixed box in a shadow root (the page's CSS cannot reach in, ours cannot
// leak out), built with createElement and textContent only, styled through CSSOM (allowed by
// any style-src). It shows the diagnosis, consent, frame, identity, segments and every call
// made since it opened, with timing, and follows the relay's typed debug stream.

const STYLE = {
  panel:
    'position:fixed;right:12px;bottom:12px;z-index:2147483647;width:440px;max-height:75vh;overflow:auto;background:#fff;color:#1d1d1f;' +
    'font:12px/1.45 system-ui,sans-serif;border:2px solid #0a7;border-radius:6px;box-shadow:0 6px 24px rgba(0,0,0,.25);padding:8px 12px',
  header: 'display:flex;justify-content:space-between;align-items:center;font-weight:600;margin-bottom:4px',
  close: 'border:0;background:none;font-size:16px;cursor:pointer;line-height:1',
  ok: 'padding:4px 6px;border-radius:4px;background:#e3f6ee',
  problem: 'padding:4px 6px;border-radius:4px;background:#fff3d6',
  label: 'font-weight:600;margin-top:6px',
  mono: 'font-family:ui-monospace,monospace;word-break:break-all',
  list: 'margin:2px 0;padding-left:18px',
};

const panels = new WeakMap<AudienceRelay, HTMLElement>();

function el(doc: Document, tag: string, style = '', text = '', testId = ''): HTMLElement {
  // From the prototype: `document.createElement` and `document.body` can be named elements.
  const node = Document.prototype.createElement.call(doc, tag);
  if (style) node.style.cssText = style;
  if (text) node.textContent = text;
  if (testId) node.dataset['testid'] = testId;
  return node;
}

/** `c_section=sports; d_sid=1001; url …`: what a call sent, in one line. */
export function describeParams(params: CallRecord['params']): string {
  // `p_` values come hidden from the debug stream (stream.ts shownParams); params from
  // elsewhere get the same rule here (keys are c_, d_ or p_).
  const parts = Object.entries(params.signals).map(([key, values]) => `${key}=${key[0] === 'p' ? '(private)' : values.join(',')}`);
  if (params.traits.length > 0) parts.push(`d_sid=${params.traits.join(',')}`);
  // A declared ID (a CRM ID, a hashed e-mail) is personal data like a `p_` value: its data
  // source only. The panel is on the page, which DOM recorders copy, and a link opens it.
  for (const id of params.ids) parts.push(`${typeof id.source === 'number' ? 'd_cid' : 'd_cid_ic'}=${id.source}:(hidden)`);
  if (params.url) parts.push(`url ${params.url}`);
  return parts.join('; ') || '(no signals: page view)';
}

/** `→ 5001, 5002 (traits 1001) · identity dcs-cookie`, or the error, or still waiting. */
export function describeAnswer(call: CallRecord): string {
  if (call.error) return `→ ${call.error.code}: ${call.error.message}`;
  if (!call.result) return '… waiting';
  if (call.method === 'optOut') return '→ opted out';
  const { segments, traits, identity } = call.result;
  return `→ ${segments.join(', ') || 'no segments'}${traits.length ? ` (traits ${traits.join(', ')})` : ''} · identity ${identity.source}`;
}

/** The panel's host on the page (a shadow root: the page's CSS cannot reach in) and its box; `partner` empty for a refused config. */
function mountPanel(win: Window, partner: string): { host: HTMLElement; panel: HTMLElement } {
  const doc = win.document;
  const host = el(doc, 'div');
  host.setAttribute('data-audience-relay-debug', partner);
  const root = host.attachShadow({ mode: 'open' });
  const panel = el(doc, 'section', STYLE.panel, '', 'debug-panel');
  panel.setAttribute('aria-label', `audience-relay debug panel, ${partner ? `partner ${partner}` : 'config refused'}`);
  root.appendChild(panel);
  (Reflect.get(Document.prototype, 'body', doc) as HTMLElement | null ?? doc.documentElement).appendChild(host);
  return { host, panel };
}

/** The panel's title line, with its close button. */
function headerOf(doc: Document, title: string, close: () => void): HTMLElement {
  const header = el(doc, 'div', STYLE.header);
  header.append(el(doc, 'span', '', title));
  const button = el(doc, 'button', STYLE.close, '×');
  button.setAttribute('aria-label', 'Close the debug panel');
  button.addEventListener('click', close);
  header.append(button);
  return header;
}

function reasonsOf(doc: Document, reasons: Diagnosis['reasons']): HTMLElement {
  const list = el(doc, 'ul', STYLE.list, '', 'debug-reasons');
  for (const reason of reasons) list.append(el(doc, 'li', '', `${reason.code}: ${reason.message}`));
  return list;
}

let notice: HTMLElement | null = null;

/**
 * The panel for a page whose `config` was refused: there is no relay to follow, only the
 * refusal to show (the commonest first mistake, where a new user opens the panel).
 */
export function openRefusedPanel(win: Window, diagnosis: Pick<Diagnosis, 'summary' | 'reasons'>): void {
  notice?.remove();
  const doc = win.document;
  const { host, panel } = mountPanel(win, '');
  notice = host;
  panel.replaceChildren(
    headerOf(doc, 'audience-relay · config refused', () => host.remove()),
    el(doc, 'div', STYLE.problem, diagnosis.summary, 'debug-summary'),
    el(doc, 'div', STYLE.label, 'Why'),
    reasonsOf(doc, diagnosis.reasons),
  );
}

/** Opens the panel for `relay`, or shows it again if it is already on the page. */
export function openPanel(win: Window, relay: AudienceRelay): void {
  const existing = panels.get(relay);
  if (existing?.isConnected) {
    existing.hidden = false;
    return;
  }
  const doc = win.document;
  const { host, panel } = mountPanel(win, relay.config.partner);
  panels.set(relay, host);
  notice?.remove();

  const calls = new Map<number, CallRecord>();
  const beacons: string[] = [];
  const openedAt = Date.now();
  const callsBefore = relay.snapshot().calls;

  const render = (diagnosis = diagnose(relay.snapshot())): void => {
    const { snapshot } = diagnosis;
    const { consent, latest } = snapshot;
    const header = headerOf(doc, `audience-relay · ${snapshot.partner}`, () => {
      stops.forEach((stop) => stop());
      host.remove();
    });

    const section = (label: string, text: string, testId: string): HTMLElement[] => [el(doc, 'div', STYLE.label, label), el(doc, 'div', STYLE.mono, text, testId)];
    const privacy = [
      consent.gdpr === null ? (consent.state === 'pending' ? 'waiting for the CMP' : 'no TCF CMP') : `gdpr=${consent.gdpr}${consent.tcString ? ` TC ${consent.tcString.slice(0, 24)}…` : ''}`,
      consent.gpp === null ? '' : `gpp sections ${consent.gppSid.join(',') || 'none'}`,
      consent.usPrivacy === null ? '' : `us_privacy=${consent.usPrivacy}`,
      consent.restricted ? 'restricted (GPC or US opt-out)' : '',
    ].filter(Boolean);
    const reasons = reasonsOf(doc, diagnosis.reasons);
    const list = el(doc, 'ol', STYLE.list, '', 'debug-calls');
    for (const call of calls.values()) {
      const time = call.durationMs === undefined ? '' : ` · ${call.durationMs} ms`;
      list.append(el(doc, 'li', STYLE.mono, `#${call.id} ${call.method}${time} · ${describeParams(call.params)} ${describeAnswer(call)}`, 'debug-call'));
    }
    for (const beacon of beacons) list.append(el(doc, 'li', STYLE.mono, `beacon at page hide · ${beacon}`, 'debug-call'));
    if (calls.size === 0 && beacons.length === 0) list.append(el(doc, 'li', '', 'none since the panel opened'));

    panel.replaceChildren(
      header,
      el(doc, 'div', diagnosis.ok ? STYLE.ok : STYLE.problem, diagnosis.summary, 'debug-summary'),
      ...section('Consent', `${snapshot.optedOut ? 'opted out · ' : ''}${consent.state}${privacy.length ? ` · ${privacy.join(' · ')}` : ''}`, 'debug-consent'),
      ...section('Frame', `${snapshot.frame} · ${snapshot.dcsOrigin}`, 'debug-frame'),
      ...section(
        'Identity',
        latest ? `${latest.identity.source} · partitioned ${latest.identity.partitioned ?? 'unknown'} · uuid ${latest.uuid ?? 'none'}` : 'no answer yet',
        'debug-identity',
      ),
      ...section('Segments', latest ? `${latest.segments.join(', ') || '(none)'}${latest.cached ? ' (cached)' : ''}` : '(none yet)', 'debug-segments'),
      el(doc, 'div', STYLE.label, 'Why'),
      reasons,
      el(doc, 'div', STYLE.label, `Calls${callsBefore > 0 ? ` (and ${callsBefore} before the panel opened)` : ''}, since ${new Date(openedAt).toLocaleTimeString()}`),
      list,
    );
  };

  // Events come in bursts (answered, segments…) from inside the relay's own bookkeeping: draw
  // once after the burst, when the snapshot has settled.
  let drawing: ReturnType<typeof setTimeout> | null = null;
  const redraw = (): void => {
    drawing ??= setTimeout(() => {
      drawing = null;
      if (host.isConnected) render();
    }, 0);
  };
  // While the frame has not connected, what `diagnose()` would say, probe included (the page's
  // CSP blocked it, the DCS is down…), every second: the frame's failure comes as no event,
  // and "loading" is not the answer a person looking at the panel needs.
  const probe = (): void => {
    const snapshot = relay.snapshot();
    if (!host.isConnected || snapshot.frame === 'connected') return;
    // Drawn only if still true when it comes (the frame may have connected meanwhile).
    diagnoseLive(snapshot, win as never).then((live) => host.isConnected && relay.snapshot().frame !== 'connected' && render(live), () => {});
    setTimeout(probe, 1000);
  };
  const follow = (event: DebugEvent): void => {
    if (event.type === 'sent' || event.type === 'answered') calls.set(event.call.id, event.call);
    if (event.type === 'beacon') beacons.push(describeParams(event.params));
    redraw();
  };
  const stops = [
    relay.on('debug', follow),
    ...(['segments', 'connected', 'lost', 'reconnected'] as RelayEventName[]).map((name) => relay.on(name, redraw)),
  ];
  render();
  probe();
}
