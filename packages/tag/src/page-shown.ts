import { safely } from './safely';
import type { PageContext } from './services';

/**
 * Whether the visitor sees the page yet. A prerendered page (Speculation Rules) runs its
 * scripts before the visitor sees it, and may never be shown: the frame is mounted and
 * `ready`'s deadlines run once it is shown.
 */
export interface PageShown {
  readonly now: boolean;
  /** Runs `run` once the page is shown (at once if it is), each isolated from the others. */
  when(run: () => void): void;
}

export function pageShown(page: PageContext): PageShown {
  let now = !page.whenShown;
  const waiting: Array<() => void> = [];
  page.whenShown?.(() => {
    now = true;
    for (const run of waiting.splice(0)) safely(run);
  });
  return {
    get now() {
      return now;
    },
    when: (run) => void (now ? run() : waiting.push(run)),
  };
}
