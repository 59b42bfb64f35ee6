import { queueLatest, type CommandQueue, type QueuedOutput } from './command-queue';
import type { NormalizedOutputs } from '../types';

/** The parts of the Google Publisher Tag API we call; `setConfig` is the newer API. */
interface Targetable {
  setConfig?(config: { targeting: Record<string, string[] | null> }): void;
  setTargeting(key: string, value: string[]): void;
  clearTargeting(key: string): void;
}
interface GptSlot extends Targetable {
  getSlotElementId(): string;
  getAdUnitPath(): string;
}
interface GoogleTag {
  cmd: CommandQueue;
  setConfig?: Targetable['setConfig'];
  pubads(): Targetable & { getSlots(): GptSlot[] };
}

/**
 * Sets our key (and only our key) to the segment IDs, at page level and on the configured
 * slots; clears it when there are none. Commands go through `googletag.cmd`, ours ahead of
 * the page's `display()` calls while GPT has not loaded (see `queueLatest`), so even the
 * first ad request carries targeting.
 */
export function gptOutput(win: Window, { key, slots }: NonNullable<NormalizedOutputs['gpt']>): QueuedOutput {
  const apply = (segments: string[]): void => {
    const gt = (win as unknown as { googletag: GoogleTag }).googletag;
    const value = segments.length > 0 ? segments : null;
    const target = (on: Targetable): void => {
      if (typeof on.setConfig === 'function') on.setConfig({ targeting: { [key]: value } });
      else if (value) on.setTargeting(key, value);
      else on.clearTargeting(key);
    };
    target(typeof gt.setConfig === 'function' ? (gt as unknown as Targetable) : gt.pubads());
    if (slots.length > 0) {
      for (const slot of gt.pubads().getSlots()) {
        if (slots.includes(slot.getSlotElementId()) || slots.includes(slot.getAdUnitPath())) target(slot);
      }
    }
  };
  // Again after the page's commands: segments applied before GPT loaded missed the configured
  // slots the page defines in its own commands, which run after ours.
  return queueLatest(() => ((win as unknown as { googletag?: Partial<GoogleTag> }).googletag ??= {}).cmd ??= [], apply, true);
}
