import type { Page } from '@playwright/test';

/**
 * Moves the page's frame element in the DOM, as frameworks re-parent nodes: the iframe reloads
 * from its `src`. Resolves once the tag has reconnected to the new frame and `ready` settled,
 * with `ready`'s status.
 */
export async function moveFrame(page: Page, readyTimeoutMs = 10_000, where: 'wrapped' | 'within' = 'wrapped'): Promise<string> {
  return page.evaluate(async ([timeoutMs, within]) => {
    const relay = (window as unknown as { audienceRelay(...args: unknown[]): Promise<unknown> }).audienceRelay;
    let heard: (value: unknown) => void = () => {};
    const reconnected = new Promise((resolve) => void relay('on', 'reconnected', (heard = resolve)));
    const frame = document.querySelector('iframe[title="audience-relay"]');
    if (!frame) throw new Error('no frame');
    // Into a new element at the body's end, or (`within`) to its parent's end, adding no node.
    if (within) frame.parentNode!.appendChild(frame);
    else document.body.append(document.createElement('div').appendChild(frame).parentElement as HTMLElement);
    await reconnected;
    // Its listener goes with it (a soak moves the frame many times).
    await relay('off', 'reconnected', heard);
    return ((await relay('ready', { timeoutMs })) as { status: string }).status;
  }, [readyTimeoutMs, where === 'within'] as const);
}
