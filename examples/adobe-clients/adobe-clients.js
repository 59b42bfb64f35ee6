// Speaks to mock-dcs as Adobe's Visitor API 5.5 and DIL 9.5 do (DCS-PROTOCOL.md §6), then
// lets audience-relay speak to it too. textContent only: nothing from the DCS becomes markup.
const dcs = new URL(document.querySelector('main').dataset.dcs);
const ORG = 'ACME123@AdobeOrg';
const enc = encodeURIComponent;
const show = (id, value) => {
  document.querySelector(`[data-testid="${id}"]`).textContent = value;
};
document.getElementById('dcs').textContent = dcs.origin;

/** Both clients use XHR with credentials and a form Content-Type: a simple request, no preflight. */
function xhr(method, url, body) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, url, true);
    request.withCredentials = true;
    request.timeout = 5000;
    request.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    request.onload = () => {
      try {
        resolve(JSON.parse(request.responseText));
      } catch {
        reject(new Error(`${url}: not JSON (HTTP ${request.status})`));
      }
    };
    request.onerror = () => reject(new Error(`${url}: network error`));
    request.ontimeout = () => reject(new Error(`${url}: timed out`));
    request.send(body ?? null);
  });
}

/** The destination iframe's host, as Visitor builds it from the /id answer's subdomain. */
const partnerOrigin = (subdomain) => `${dcs.protocol}//${subdomain}.${dcs.host}`;

function attachDestinationIframe(origin) {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.sandbox = 'allow-scripts allow-same-origin';
    frame.title = 'Destination publishing';
    frame.style.cssText = 'display:none;width:0;height:0';
    const timer = setTimeout(() => reject(new Error('dest5.html did not report')), 5000);
    window.addEventListener('message', function onMessage(event) {
      if (event.origin !== origin || event.source !== frame.contentWindow || typeof event.data !== 'string') return;
      const match = /^---destpub-to-parent---canSetThirdPartyCookies\|(true|false)$/.exec(event.data);
      if (!match) return;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve({ frame, canSetThirdPartyCookies: match[1] === 'true' });
    });
    frame.src = `${origin}/dest5.html?d_nsid=0#${enc(location.origin)}`;
    document.body.append(frame);
  });
}

async function adobeClients() {
  // 1. Visitor API: the ID service. (Visitor asks dpm.<DCS domain>; this page asks the partner host.)
  const host = partnerOrigin('acme');
  const id = await xhr('GET', `${host}/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${enc(ORG)}&d_nsid=0&ts=${Date.now()}`);
  if (!id.d_mid) throw new Error(`/id: ${id.error_msg ?? 'no d_mid'}`);
  show('mid', id.d_mid);
  show('region', String(id.dcs_region));
  show('blob', id.d_blob);
  show('subdomain', id.subdomain);
  show('ibs', id.ibs.map((sync) => sync.id).join(', ') || '(none)');

  // 2. DIL: a CORS POST on <partner>.<DCS domain>, version and cache-buster in the query string.
  const body = [
    `d_mid=${id.d_mid}`, 'd_nsid=0', 'c_section=sports', 'c_tag=golf', `d_ld=${enc(`_ts=${Date.now()}`)}`,
    'd_rtbd=json', 'd_jsonv=1', 'd_dst=1', `h_referer=${enc(location.href)}`,
  ].join('&');
  const dil = await xhr('POST', `${partnerOrigin(id.subdomain)}/event?d_dil_ver=9.5&_ts=${Date.now()}`, body);
  show('dil-uuid', dil.uuid ?? '(none)');
  show('dil-stuff', dil.stuff.map((cookie) => `${cookie.cn}=${cookie.cv}`).join('; ') || '(none)');
  show('dil-dests', (dil.dests ?? []).map((dest) => dest.id).join(', ') || '(none)');
  show('dil-errors', (dil.errors ?? []).map((error) => `${error.code} ${error.msg}`).join('; ') || '(none)');

  // 3. The destination-publishing iframe: Visitor's ID syncs and DIL's URL destinations, in one combined message.
  const origin = partnerOrigin(id.subdomain);
  const { frame, canSetThirdPartyCookies } = await attachDestinationIframe(origin);
  show('third-party-cookies', canSetThirdPartyCookies ? 'can be set' : 'blocked');
  const field = (value) => enc(String(value ?? ''));
  // As Visitor does: ID syncs go to the iframe only when it can set third-party cookies
  // (it could not remember them otherwise); URL destinations always.
  const syncs = canSetThirdPartyCookies ? id.ibs : [];
  const messages = [
    ...syncs.map((sync) => ['ibs', field(sync.id), field(sync.tag), sync.url.map(enc).join(','), field(sync.ttl), '', '', 'false'].join('|')),
    ...(dil.dests ?? []).map((dest) => ['dests', field(dest.id), field(dest.y), field(dest.c)].join('|')),
  ];
  if (messages.length) frame.contentWindow.postMessage(`---destpub-combined---${messages.join('%01')}`, origin);
  show('destpub', `${messages.length} (${syncs.length} ID syncs, ${(dil.dests ?? []).length} URL destinations)`);
}

adobeClients()
  .then(() => {
    audienceRelay('config', { partner: 'acme', dcs: dcs.origin, timeoutMs: 5000 });
    audienceRelay('signals', { c_section: 'sports' });
    audienceRelay('on', 'segments', (event) => show('uuid', event.uuid ?? '(none)'));
    return audienceRelay('ready');
  })
  .then((result) => {
    show('segments', result.segments.join(', ') || '(none)');
    show('status', result.status === 'fresh' ? 'done' : `audience-relay: ${result.status}`);
  })
  .catch((error) => show('status', `error — ${error.message}`));
