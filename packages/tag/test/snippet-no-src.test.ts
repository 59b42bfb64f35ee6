// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "enableJavaScriptEvaluation": true, "disableJavaScriptFileLoading": true, "handleDisabledFileLoadingAsSuccess": true } }
// New-user trial (branch trial): a publisher pastes the snippet's contents into a bare
// <script> and forgets data-src (docs/snippet.md: "required"). The snippet then loads the tag
// from the URL "null", relative to the page (https://www.publisher.example/news/null): a
// request to the publisher's own server, and the QA kit's diagnosis says "The tag did not load
// from https://…/news/null: the server answered HTTP 404". Now it loads nothing, and every call
// settles as when the tag is blocked (TAG_BLOCKED, "the tag did not load" on the console). The
// console line stays the one documented for every dead tag (docs/snippet.md): naming data-src
// there would cost every page view's inline snippet bytes; the QA kit names it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const snippet = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../dist/snippet.min.js'), 'utf8');

afterEach(() => {
  delete (window as unknown as Record<string, unknown>).audienceRelay;
  document.head.replaceChildren();
});

describe('the snippet pasted without data-src', () => {
  it('requests no "null" URL from the page\'s own server, and settles every call as a dead tag', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const script = document.createElement('script');
    script.textContent = snippet;
    document.head.appendChild(script);
    const loaders = [...document.querySelectorAll('script[src]')].map((element) => element.getAttribute('src'));
    expect(loaders).toEqual([]);
    expect(errors).toHaveBeenCalledWith('[audience-relay] the tag did not load');
    const relay = (window as unknown as { audienceRelay(...args: unknown[]): Promise<unknown> }).audienceRelay;
    await expect(relay('signals', { c_a: 1 })).rejects.toThrow('[audience-relay] the tag did not load');
    await expect(relay('ready')).resolves.toMatchObject({ status: 'blocked', error: { code: 'TAG_BLOCKED' } });
  });
});
