import type { Page } from '@playwright/test';

/**
 * Moves the page's frame element in the DOM, as frameworks re-parent nodes: the iframe reloads
 * from its `src`. Resolves once the tag has reconnected to the new frame and `ready` settled,
 * with `ready`'s status.
 */
export async function moveFrame(page: Page, readyTimeoutMs = 10_000): Promise<string> {
  return page.evaluate(async (timeoutMs) => {
    const relay = (window as unknown as { audienceRelay(...args: unknown[]): Promise<unknown> }).audienceRelay;
    const reconnected = new Promise((resolve) => void relay('on', 'reconnected', resolve));
    const frame = document.querySelector('iframe[title="audience-relay"]');
    if (!frame) throw new Error('no frame');
    document.body.append(document.createElement('div').appendChild(frame).parentElement as HTMLElement);
    await reconnected;
    return ((await relay('ready', { timeoutMs })) as { status: string }).status;
  }, readyTimeoutMs);
}
