import { inputError } from '../errors';
import type { Outputs } from '../services';
import type { SegmentsEvent } from '../types';
import { claim, owner } from '../registry';
import { safely } from '../safely';
import { validateOutputs } from './config';
import { segmentCookieOutput, writeCookieDestinations } from './cookies';
import type { QueuedOutput } from './command-queue';
import { gptOutput } from './gpt';
import { dataLayerOutput, domEventOutput } from './page-events';
import { prebidOutput } from './prebid';

/**
 * The outputs `rawOutputs` asks for, validated (one error naming every problem, including
 * a GPT key, Prebid entry or cookie another partner on this page already writes). Each
 * output is isolated: one that throws does not stop the others.
 */
export function browserOutputs(win: Window, partner: string, rawOutputs: unknown): Outputs {
  const problems: string[] = [];
  const { gpt, prebid, cookie, dataLayer, domEvent, cookieDestinations } = validateOutputs(problems, rawOutputs);
  if (problems.length === 0) {
    problems.push(...claim(win, partner, [['outputs.gpt.key', gpt?.key], ['outputs.prebid.name', prebid?.name], ['outputs.cookie.name', cookie?.name]]));
  }
  if (problems.length > 0) throw inputError('config', problems);

  const list: Array<(event: SegmentsEvent) => void> = [];
  const queued: QueuedOutput[] = [];
  const bySegments = (output: (segments: string[]) => void) => (event: SegmentsEvent) => output(event.segments);
  const inQueue = (output: QueuedOutput) => (queued.push(output), bySegments(output));
  if (gpt) list.push(inQueue(gptOutput(win, gpt)));
  if (prebid) list.push(inQueue(prebidOutput(win, prebid)));
  if (cookie) list.push(bySegments(segmentCookieOutput(win.document, cookie)));
  if (dataLayer) list.push(dataLayerOutput(win, dataLayer, partner));
  if (domEvent) list.push(domEventOutput(win.document, partner));
  // Segments told so far: an output whose page handler makes newer ones (an opt-out from a data
  // layer's tag) has them told to every output at once; the older ones go to none after it.
  let told = 0;
  return {
    segments(event) {
      const round = ++told;
      list.forEach((output) => round === told && safely(() => output(event)));
    },
    stop: () => queued.forEach((output) => output.stop()),
    cookies: (cookies) =>
      writeCookieDestinations(win.document, cookies, () => win.localStorage, partner, (name) => owner(win, 'outputs.cookie.name', name) !== undefined, cookieDestinations),
  };
}
