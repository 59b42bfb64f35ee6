// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "enableJavaScriptEvaluation": true, "disableJavaScriptFileLoading": true, "handleDisabledFileLoadingAsSuccess": true } }
// New-user trial (branch trial): a publisher pastes the snippet's contents into a bare
// <script> and forgets data-src (docs/snippet.md: "required"). The snippet then loads the tag
// from the URL "null", relative to the page (https://www.publisher.example/news/null): a
// request to the publisher's own server, and the QA kit's diagnosis says "The tag did not load
// from https://…/news/null: the server answered HTTP 404". It should load nothing and say on
// the console that data-src is missing (every call still settles, as when the tag is blocked).
// lead: fix in tag (packages/tag/src/snippet/snippet.js; the snippet's bytes are yours to
// weigh); remove `.fails` then.
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
  it.fails('requests no "null" URL from the page\'s own server, and names data-src on the console', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const script = document.createElement('script');
    script.textContent = snippet;
    document.head.appendChild(script);
    const loaders = [...document.querySelectorAll('script[src]')].map((element) => element.getAttribute('src'));
    expect(loaders).not.toContain('null');
    expect(errors.mock.calls.flat().join(' ')).toMatch(/data-src/);
  });
});
