/**
 * Mounts the DCS frame: hidden from people and assistive technology, but in layout (0×0,
 * not `display:none`) and `loading="eager"`, so browsers load it at full priority.
 * Styles go through CSSOM, which a strict `style-src` CSP still allows.
 */
export function mountFrame(doc: Document, src: string): HTMLIFrameElement {
  const frame = doc.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
  frame.setAttribute('loading', 'eager');
  frame.setAttribute('aria-hidden', 'true');
  frame.setAttribute('tabindex', '-1');
  frame.title = 'audience-relay';
  frame.width = '0';
  frame.height = '0';
  const style = frame.style;
  style.setProperty('position', 'absolute');
  style.setProperty('width', '0');
  style.setProperty('height', '0');
  style.setProperty('border', '0');
  frame.src = src;
  (doc.body ?? doc.documentElement).appendChild(frame);
  return frame;
}
