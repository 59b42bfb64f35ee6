import type { NormalizedOutputs } from './config';

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
  cmd: Array<() => void> | { push(command: () => void): unknown };
  setConfig?: Targetable['setConfig'];
  pubads(): Targetable & { getSlots(): GptSlot[] };
}

/**
 * Sets our key (and only our key) to the segment IDs, at page level and on the configured
 * slots; clears it when there are none. Commands go through `googletag.cmd`. Before GPT has
 * loaded, `cmd` is a plain array that GPT runs in order when it loads: ours goes first,
 * ahead of the page's `display()` calls, so even the first ad request carries targeting.
 * Only one command of ours is ever waiting; it applies the latest segments when it runs.
 */
export function gptOutput(win: Window, { key, slots }: NonNullable<NormalizedOutputs['gpt']>): (segments: string[]) => void {
  let latest: string[] = [];
  let waiting = false;

  const apply = (): void => {
    waiting = false;
    const gt = (win as unknown as { googletag: GoogleTag }).googletag;
    const value = latest.length > 0 ? latest : null;
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

  return (segments) => {
    latest = segments;
    if (waiting) return;
    waiting = true;
    const host = win as unknown as { googletag?: Partial<GoogleTag> };
    const gt = (host.googletag ??= {});
    const cmd = (gt.cmd ??= []);
    if (Array.isArray(cmd)) cmd.unshift(apply);
    else cmd.push(apply);
  };
}
