import type { FaultPlan } from './admin/faults';
import type { RequestLog } from './admin/request-log';
import type { AssetPaths } from './assets';
import type { CompiledConfig, MockDcsConfig } from './config';
import type { MidLinks } from './event/identity-keys';
import type { ProfileStore } from './profiles';
import type { RateLimiter } from './rate-limiter';

/** What the routes share: one per running emulator, built by `startMockDcs`. */
export interface ServerState {
  config(): CompiledConfig;
  /** Throws a ConfigError (and keeps the old config) when invalid. */
  setConfig(config: MockDcsConfig): void;
  readonly profiles: ProfileStore;
  /** MID → device links (the ID service's), so `d_mid` identifies the device everywhere. */
  readonly mids: MidLinks;
  readonly requests: RequestLog;
  readonly faults: FaultPlan;
  readonly rate: RateLimiter;
  readonly assets: AssetPaths;
  /** Whether the emulator serves HTTPS (the device cookie and `%HTTP_PROTO%` follow it). */
  readonly secure: boolean;
  /** Logs the line the function builds, if anyone listens: at thousands of calls a second building it shows. */
  note(line: () => string): void;
  /**
   * Aborted by `reset()` and `close()`: a call waiting out a latency fault is dropped unanswered,
   * so it neither lands in the log and profiles that follow a reset (the next test's) nor keeps
   * the process alive after close.
   */
  readonly interrupted: AbortSignal;
  /** Forgets every profile, recorded request, pending fault and rate window. */
  reset(): void;
}
