// The host page's document, read through the DOM's own accessors, captured when the tag
// starts. A page can clobber `document` properties with named elements (`<img name=cookie>`,
// `<form name=createElement>`: Document's named properties override its built-ins), so the
// tag never reads `document.cookie`, `document.currentScript`, `createElement`, `body`... as
// properties of the document; it calls the prototype's getter or method on it (`location`
// is unforgeable and safe to read). (A page that
// replaced `Document.prototype` itself before the tag loaded is out of reach of any script.)
import { apply } from '@audience-relay/protocol';

const proto: Partial<Document> | null = typeof Document === 'function' ? Document.prototype : null;
const accessor = (key: string): PropertyDescriptor | undefined => (proto ? Object.getOwnPropertyDescriptor(proto, key) : undefined);
// Marked pure: a bundle that uses only the cookie accessor (the outputs bundle) drops the rest.
const COOKIE = /* @__PURE__ */ accessor('cookie');
const CURRENT_SCRIPT = /* @__PURE__ */ accessor('currentScript');
const BODY = /* @__PURE__ */ accessor('body');
const ROOT = /* @__PURE__ */ accessor('documentElement');
const VISIBILITY = /* @__PURE__ */ accessor('visibilityState');
const READY_STATE = /* @__PURE__ */ accessor('readyState');
const CREATE = proto?.createElement;

/** Reads a document attribute through its accessor (or, where there is none, as a property). */
const read = <T>(doc: Document, descriptor: PropertyDescriptor | undefined, key: keyof Document): T =>
  (descriptor?.get ? apply(descriptor.get, doc, []) : doc[key]) as T;

export const cookieOf = (doc: Document): string => String(read<string>(doc, COOKIE, 'cookie'));

export function setCookie(doc: Document, cookie: string): void {
  if (COOKIE?.set) apply(COOKIE.set, doc, [cookie]);
  else doc.cookie = cookie;
}

export const currentScriptOf = (doc: Document): HTMLScriptElement | null => read<HTMLScriptElement | null>(doc, CURRENT_SCRIPT, 'currentScript');
export const bodyOf = (doc: Document): HTMLElement | null => read<HTMLElement | null>(doc, BODY, 'body') ?? read<HTMLElement | null>(doc, ROOT, 'documentElement');
export const isHidden = (doc: Document): boolean => read<string>(doc, VISIBILITY, 'visibilityState') === 'hidden';
/** The document and its subresources have loaded (its `load` event is due or past). */
export const isLoaded = (doc: Document): boolean => read<string>(doc, READY_STATE, 'readyState') === 'complete';

export function createElementIn<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K): HTMLElementTagNameMap[K] {
  return apply(CREATE ?? doc.createElement, doc, [tag]) as HTMLElementTagNameMap[K];
}

const connectedAccessor = (): PropertyDescriptor | undefined => (typeof Node === 'function' ? Object.getOwnPropertyDescriptor(Node.prototype, 'isConnected') : undefined);
const CONNECTED = /* @__PURE__ */ connectedAccessor();

/** The node is in a document (`isConnected`, through Node's own accessor). */
export const isInDocument = (node: Node): boolean => (CONNECTED?.get ? apply(CONNECTED.get, node, []) : node.isConnected) === true;

const frameAccessor = (): PropertyDescriptor | undefined =>
  typeof HTMLIFrameElement === 'function' ? Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow') : undefined;
const CONTENT_WINDOW = /* @__PURE__ */ frameAccessor();

/** An iframe's window, through the accessor taken at start (a page may wrap or break it later). */
export const contentWindowOf = (frame: HTMLIFrameElement): Window | null =>
  (CONTENT_WINDOW?.get ? apply(CONTENT_WINDOW.get, frame, []) : frame.contentWindow) as Window | null;
