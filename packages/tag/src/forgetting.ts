import { safely } from './safely';

/**
 * What we stored goes (`clear`: the cache, the device-ID copy, the outputs, cookie destinations)
 * when consent is withdrawn, an opt-out is made, or the page is refused from its start; and
 * this origin's other open pages hear of it (`tell`: a key written and removed at once, nothing
 * stays).
 */
export interface Forgetting {
  /** Opted out. */
  optedOut(): void;
  /** Consent withdrawn: a refusal later on this page has nothing more to forget. */
  withdrawn(): void;
  /**
   * Refused from this page's start (the visitor changed their choice on another page): what an
   * earlier page stored with consent goes, once, as a withdrawal here does. Told only for
   * `choice`, the visitor's own (a TC string that refuses, not a CMP that failed or is
   * missing), and then only if an earlier page stored something of ours (`tellForgotten`).
   */
  refused(choice: boolean): void;
}

export function createForgetting(clear: () => void, tell: (refused: boolean) => void): Forgetting {
  let forgotten = false;
  const forget = (refused: boolean, told: boolean): void => {
    if (told) safely(() => tell(refused));
    clear();
  };
  return {
    optedOut: () => forget(false, true),
    withdrawn() {
      forgotten = true;
      forget(false, true);
    },
    refused(choice) {
      if (forgotten) return;
      forgotten = true;
      forget(true, choice);
    },
  };
}
