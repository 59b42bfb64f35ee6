import type { Page, Request } from '@playwright/test';

/** What `audienceRelay('ready')` resolves to (the tag's ReadyResult), as a plain object. */
export interface ReadyResultLike {
  status: string;
  segments: string[];
  traits: number[];
  uuid: string | null;
  identity: { source: string; partitioned: boolean | null };
  error?: { code: string; message: string };
}

export interface WaitOptions {
  /** The tag's global name (`data-global` of the snippet). Default `audienceRelay`. */
  global?: string;
  /** Deadline passed to `ready`, in ms. Default 5000. */
  timeoutMs?: number;
}

/**
 * Waits for the tag and its frame to connect: the first `/event` call, which the frame
 * makes only after the handshake. Resolves with that request.
 */
export function waitForHandshake(page: Page, options: { timeoutMs?: number } = {}): Promise<Request> {
  return page.waitForRequest((r) => new URL(r.url()).pathname === '/event' && r.frame() !== page.mainFrame(), {
    timeout: options.timeoutMs ?? 10000,
  });
}

/** Calls `ready` on the page and returns its result; it settles by its deadline, whatever happens. */
export async function waitForSegments(page: Page, options: WaitOptions = {}): Promise<ReadyResultLike> {
  const name = options.global ?? 'audienceRelay';
  const timeoutMs = options.timeoutMs ?? 5000;
  await page.waitForFunction((n) => typeof (window as unknown as Record<string, unknown>)[n] === 'function', name, { timeout: timeoutMs });
  return page.evaluate(
    ([n, t]) => (window as unknown as Record<string, (...a: unknown[]) => Promise<ReadyResultLike>>)[n]!('ready', { timeoutMs: t }),
    [name, timeoutMs] as const,
  );
}

/** What `audienceRelay('diagnose')` resolves to: why the segments are what they are. */
export interface DiagnosisLike {
  ok: boolean;
  summary: string;
  reasons: Array<{ code: string; message: string }>;
}

/**
 * Asks the tag on the page why its segments are what they are (loads the debug tools on
 * demand). Use it in a failing test's message: `expect(result.status, (await diagnose(page)).summary)`.
 */
export async function diagnose(page: Page, options: Pick<WaitOptions, 'global'> = {}): Promise<DiagnosisLike> {
  const name = options.global ?? 'audienceRelay';
  return page.evaluate((n) => (window as unknown as Record<string, (...a: unknown[]) => Promise<DiagnosisLike>>)[n]!('diagnose'), name);
}
