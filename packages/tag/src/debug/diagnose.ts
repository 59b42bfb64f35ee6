import type { Diagnosis, DiagnosisReason, RelaySnapshot } from '../types';
import { inert } from '@audience-relay/protocol';
import { tcfRefusal } from './tcf-refusal';
import { probeFrame, type FrameProbe, type ProbeWindow } from './probe-frame';

/**
 * What the DCS's error codes mean for an answer ("DCS Error Codes, Messages, and Examples",
 * Audience Manager): the ones a call of the frame can get. Others are named by number.
 */
const DCS_ERRORS: Record<number, string> = {
  1: 'the DCS has no config for its host: check the dcs option',
  // Any trait not evaluated; with a real-time content provider, that provider failing.
  10: 'traits not evaluated, in part or at all (a real-time content provider failed?)',
  104: 'every declared ID is invalid',
  109: "the Referer is not among the partner's allowed referrer hosts",
  171: 'a declared ID of this call opted out (partner-level opt-out): no profile, no device ID',
  172: 'third-party cookies blocked: the visitor is known by the ID the frame sent, on this site only',
  173: 'the visitor opted out through the NAI',
  198: "the partner blocks the visitor's country",
  199: "the DCS blocks the visitor's country",
  200: "the DCS could not read the visitor's profile",
  300: 'a declared ID is invalid',
  301: 'more declared IDs than the DCS takes in one call',
  309: 'a declared ID was discarded (over the limit)',
  312: 'a global device ID (IDFA, GAID) is invalid',
  313: "the CMP's ID is not in the Global CMP list",
  314: "the CMP's ID is marked deleted in the Global CMP list",
  315: 'the TC string gives the DCS no consent (its purposes or vendor), so it qualified nothing',
};

/** The frame URL the relay mounted (the DCS's `/frame.html` unless the snapshot names another). */
function frameUrlOf(snapshot: RelaySnapshot): string {
  return snapshot.frameUrl ?? `${snapshot.dcsOrigin}/frame.html`;
}

/**
 * Why the frame never said hello, from what the probe saw: the first cause that fits, each
 * with what to change. When the browser does not let us tell, the list of what to check.
 */
export function explainBlocked(snapshot: RelaySnapshot, probe: FrameProbe, page: string, ancestors: readonly string[] = []): DiagnosisReason {
  const url = frameUrlOf(snapshot);
  const origin = new URL(url).origin;
  const { partner } = snapshot;
  const { frame } = probe;
  const reason = (code: string, message: string): DiagnosisReason => ({ code, message });
  // A frame on another origin than the DCS's (a CDN) lists the pages it allows in its build.
  const check = `${page} in ${origin === snapshot.dcsOrigin ? "the partner's allowedOrigins" : "the frame build's --allow"}, frame-src allowing ${origin}, ad blockers.`;
  // Where an origin is allowed: the DCS that serves the frame (mock-dcs's partner config), or the
  // build of a frame served apart from it (the frame CLI's option; mock-dcs has no --allow).
  const addIt =
    origin === snapshot.dcsOrigin ? `add it to partners.${partner}.allowedOrigins (mock-dcs)` : 'rebuild the frame with npx audience-relay-frame build --allow';
  if (probe.cspBlocked) return reason('csp-frame-src', `The page's CSP blocked the frame (${url}): add ${origin} to its frame-src.`);
  if (frame.kind === 'csp-refused') {
    return reason(
      'csp-connect-src',
      `The frame (${url}) never connected; the page's CSP (connect-src) kept diagnose from reading it: add ${origin} to connect-src, or check ${check}`,
    );
  }
  if (frame.kind === 'unreachable') return reason('frame-unreachable', `${url} could not be fetched: the DCS is down, or an ad blocker blocks ${origin}.`);
  if (frame.kind === 'unreadable') {
    return reason(
      'blocked',
      `The frame (${url}) cannot be read here (CORS), or it does not exist: open ${url} in a browser. ${url !== `${snapshot.dcsOrigin}/frame.html` ? '' : `\`frame\` was left to its default, which Audience Manager does not serve: build one (npx audience-relay-frame build) and set \`frame\` to its URL. `}Check: ${check}`,
    );
  }
  if (frame.status !== 200 || (frame.partner === null && frame.allowedOrigins === null)) {
    return reason('frame-not-served', `The frame was not served: ${url} answered HTTP ${frame.status} without it.`);
  }
  if (frame.partner === '') {
    return reason('frame-unbuilt', `${url} is the frame's template, built for no partner: build it for "${partner}" with \`npx audience-relay-frame build\` (docs/deploying.md) and serve that output.`);
  }
  if (frame.partner !== null && frame.partner !== partner) {
    return reason('wrong-partner', `${url} serves partner "${frame.partner}", not "${partner}": check the partner and dcs options.`);
  }
  if (frame.allowedOrigins !== null && !frame.allowedOrigins.includes(page)) {
    const listed = `the DCS's allowed origins (allowedOrigins: ${frame.allowedOrigins.join(', ') || 'none'})`;
    // A page opened from disk (file://) or of an opaque origin (null: sandboxed, data:): no
    // frame can allow it, so the advice is to serve it, not to list it.
    return reason(
      'origin-not-allowed',
      /^https?:/.test(page)
        ? `This page's origin ${page} is not among ${listed}: ${addIt}.`
        : `This page's origin is ${page}, which no frame can allow: serve the page over http(s) (a local server such as \`npx serve\`) on one of ${listed}.`,
    );
  }
  // The page is itself in another site's iframe: the frame's `frame-ancestors` checks every
  // ancestor, not only this page.
  const outer = frame.allowedOrigins === null ? [] : ancestors.filter((a) => !frame.allowedOrigins!.includes(a));
  if (outer.length > 0) {
    return reason(
      'ancestor-not-allowed',
      `This page is inside an iframe of ${outer.join(', ')}, which the frame's frame-ancestors refuses (it checks every ancestor): ${addIt}, or run the tag only where the page is not framed.`,
    );
  }
  return reason('blocked', `The frame is served and allows this page: an ad blocker on ${origin}, or a frame script error.`);
}

/**
 * `diagnose` as the page calls it: the snapshot's diagnosis, and when the frame never said
 * hello, what the browser and the DCS tell about why (see `probeFrame`).
 */
export async function diagnoseLive(snapshot: RelaySnapshot, win: ProbeWindow & { location: { origin: string; ancestorOrigins?: DOMStringList } }): Promise<Diagnosis> {
  const diagnosis = diagnose(snapshot);
  // Waiting on a CMP the page does not have: only consent.requireTcf waits so (the tag looks
  // for a late TCF CMP for 30 s), and "has not answered" would send the developer looking for one.
  if (diagnosis.reasons[0]?.code === 'consent-pending' && !hasCmp(win)) {
    const message = 'No CMP is on this page, and consent.requireTcf waits for a TCF one (up to 30 s): nothing is stored or sent. Load the CMP (or its stub) before the tag.';
    return inert({ ...diagnosis, summary: message, reasons: [{ code: 'no-consent', message }, ...diagnosis.reasons.slice(1)] });
  }
  // Refused by a TCF CMP: which part of its answer refused, asked of it now.
  if (diagnosis.reasons[0]?.code === 'no-consent' && snapshot.consent.gdpr !== null) {
    const message = await tcfRefusal(win, snapshot.vendorId ?? 565);
    if (message) return inert({ ...diagnosis, summary: message, reasons: [{ code: 'no-consent', message }, ...diagnosis.reasons] });
  }
  const url = frameUrlOf(snapshot);
  // Still connecting: the connection would only learn at connectTimeoutMs (5 s by default)
  // what the browser or the frame can tell now (the page's CSP blocked it; the frame leaves
  // this page's origin out, serves another partner, is not served). A probe that finds
  // nothing wrong leaves "connecting" as it is.
  const index = diagnosis.reasons.findIndex(({ code }) => code === 'blocked' || code === 'connecting');
  // Each answer inert: an async function's promise looks up the `then` of what it returns,
  // which a page that polluted Object.prototype would own.
  if (index < 0) return inert(diagnosis);
  // The sites this page is framed by, where the browser tells (Chromium, Safari).
  const ancestors = [...(win.location.ancestorOrigins ?? [])];
  const reason = explainBlocked(snapshot, await probeFrame(url, win), win.location.origin, ancestors);
  if (diagnosis.reasons[index]!.code === 'connecting' && (reason.code === 'blocked' || reason.code === 'csp-connect-src')) return inert(diagnosis);
  const reasons = diagnosis.reasons.map((r, i) => (i === index ? reason : r));
  return inert({ ...diagnosis, reasons, summary: index === 0 ? reason.message : diagnosis.summary });
}

/** Whether the page has a CMP's API, or a frame above has its locator (read when diagnose is asked, for its words only). */
function hasCmp(win: object): boolean {
  return ['__tcfapi', '__gpp', '__uspapi'].some((api) => {
    try {
      if (typeof Object.getOwnPropertyDescriptor(win, api)?.value === 'function') return true;
      const top = (win as { top?: Window | null }).top;
      return !!top && top !== win && !!(top.frames as unknown as Record<string, unknown>)[`${api}Locator`];
    } catch {
      return false;
    }
  });
}

/**
 * Explains the segments a relay has (or has not), from its snapshot: the first reason is the
 * one that matters most; later ones add context (identity, restrictions). Pure: the same
 * snapshot always gives the same diagnosis.
 */
export function diagnose(snapshot: RelaySnapshot): Diagnosis {
  const reasons: DiagnosisReason[] = [];
  const add = (code: string, message: string): void => void reasons.push({ code, message });
  const { consent, latest } = snapshot;
  const segments = latest?.segments ?? [];

  if (snapshot.optedOut) add('opted-out', 'This browser opted out (optOut()): the tag makes no call to the DCS and stores nothing.');
  else if (consent.state === 'denied' && consent.gdpr === null) {
    // Denied without a TCF answer: only consent.requireTcf does that (consent/consent.ts).
    add('no-consent', 'No TCF CMP answered on this page, and consent.requireTcf counts that as no consent: nothing is stored or sent. Load the CMP (or its stub) before the tag.');
  } else if (consent.state === 'denied') {
    add('no-consent', "The page's consent management platform refused: nothing is stored or sent (where GDPR applies, TCF purposes 1 and 10 and the DCS's vendor are needed).");
  } else if (consent.state === 'pending') {
    add(
      'consent-pending',
      snapshot.consentLate
        ? "The page's CMP has not answered within consent.timeoutMs: nothing is stored or sent until it does (a late answer still starts the flow)."
        : "Waiting for the page's CMP to answer: nothing is stored or sent until then.",
    );
  } else if (snapshot.frame === 'failed') {
    const failure = snapshot.failure!;
    add(
      failure.code === 'CONNECTION_TIMEOUT' ? 'blocked' : 'frame-failed',
      failure.code === 'CONNECTION_TIMEOUT'
        ? `The DCS frame (${frameUrlOf(snapshot)}) never connected: blocked by the page's CSP (frame-src), an ad blocker, or not served. ${failure.message}.`
        : `The DCS frame refused the connection: ${failure.code}: ${failure.message}.`,
    );
  } else if (snapshot.frame === 'connecting' || snapshot.frame === 'idle') add('connecting', `The DCS frame (${frameUrlOf(snapshot)}) is loading; no call has gone out yet.`);

  if (snapshot.lastError) add('call-failed', `The last event call failed: ${snapshot.lastError.code}: ${snapshot.lastError.message}.`);
  if (snapshot.inFlight || (snapshot.queued && snapshot.frame === 'connected')) add('waiting', 'An event call is on its way; fresh segments are not there yet.');
  if (latest?.cached) add('cached', "These segments come from the first-party cache (an earlier page view); this page's fresh ones have not arrived yet.");
  if (snapshot.outputsProblem) {
    add('outputs-refused', `No output (GPT slots, Prebid, cookie, data layer) gets the segments: ${snapshot.outputsProblem}`);
  }
  const errors = snapshot.dcsErrors ?? [];
  if (errors.length > 0 && latest && !latest.cached) {
    // 109: the calls come from the frame, so the Referer the DCS refused is the frame's origin.
    const referer = errors.includes(109) ? ` The calls come from the frame: the Referer the DCS saw is ${new URL(frameUrlOf(snapshot)).host}, not this page; add that host to the partner's allowed referrers.` : '';
    add('dcs-error', `The DCS answered with error${errors.length > 1 ? 's' : ''} ${errors.map((code) => `${code}${code in DCS_ERRORS ? ` (${DCS_ERRORS[code]})` : ''}`).join(', ')}.${referer}`);
  } else if (snapshot.unlisted && latest && !latest.cached) {
    add(
      'no-segment-list',
      "The DCS's answer had no traits or segments list: the account does not return them (d_cts=2). Ask Adobe to enable it; until then the page gets no segments.",
    );
  } else if (latest && !latest.cached && snapshot.fresh && segments.length === 0) {
    add(
      latest.traits.length === 0 ? 'no-rule-matched' : 'no-segment-rule',
      latest.traits.length === 0
        ? "The DCS answered, but no trait rule matched the signals sent, so no segment qualified. Compare the signal keys and values with the partner's trait rules."
        : `The DCS realized traits ${latest.traits.join(', ')}, but no segment rule is met yet (some need other traits, or more visits).`,
    );
  }
  if (latest?.identity.partitioned) {
    add('partitioned', "The frame's storage is partitioned to this site (third-party cookies blocked): the visitor is recognized on this site only, not across sites.");
  }
  if (latest && !latest.cached && latest.identity.source === 'new') add('new-identity', 'The DCS did not recognize this browser: a new device ID, so no profile from earlier visits.');
  if (consent.restricted) add('restricted', 'Global Privacy Control or a US opt-out of sale: no ID syncs, URL destinations or cookie destinations.');

  const ok = segments.length > 0 && snapshot.fresh;
  const summary = ok
    ? `${segments.length} fresh segment${segments.length === 1 ? '' : 's'}: ${segments.join(', ')}.${snapshot.outputsProblem ? ` But no output gets them: ${snapshot.outputsProblem}` : ''}`
    : (reasons[0]?.message ?? (segments.length > 0 ? `Segments ${segments.join(', ')}.` : 'No segments yet.'));
  return { ok, summary, reasons, snapshot };
}
