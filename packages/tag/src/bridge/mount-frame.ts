import { entries } from '@audience-relay/protocol';
import { bodyOf, createElementIn } from '../dom';

/**
 * Mounts the DCS frame: hidden from people and assistive technology, but in layout (0×0,
 * not `display:none`) and `loading="eager"`, so browsers load it at full priority; `credentialless`
 * on a cross-origin isolated page.
 * The style goes through CSSOM, which a strict `style-src` CSP still allows.
 */
export function mountFrame(doc: Document, src: string): HTMLIFrameElement {
  const frame = createElementIn(doc, 'iframe');
  const attributes = {
    sandbox: 'allow-scripts allow-same-origin',
    loading: 'eager',
    title: 'audience-relay',
    'aria-hidden': 'true',
    tabindex: '-1',
    // The page's origin only, whatever the page's own policy (`unsafe-url` on ad-funded sites):
    // the frame's host gets no page URL with its query (an e-mail, a reset token). d_url, the
    // tag's own report of the page, has none either.
    referrerpolicy: 'strict-origin',
    // A cross-origin isolated page (COOP + COEP) loads a cross-origin frame only credentialless
    // (Chrome 110+): its cookies are then its own, for this page view; identity comes from the
    // first-party device-ID copy. Without it the browser blocks the frame on every view.
    ...(globalThis.crossOriginIsolated ? { credentialless: '' } : {}),
    src,
  };
  for (const [name, value] of entries(attributes)) frame.setAttribute(name, value);
  // Important, and every size a page's own rules for iframes may set (`iframe { width: 100%
  // !important }` for videos, `min-height: 250px` for ad slots): an inline important
  // declaration beats any style sheet's, so the frame never becomes a box over the article
  // that takes its clicks.
  frame.style.cssText = 'position:absolute;width:0;height:0;min-width:0;min-height:0;border:0;padding:0;pointer-events:none'.replace(/;|$/g, '!important;');
  bodyOf(doc)?.appendChild(frame);
  return frame;
}
