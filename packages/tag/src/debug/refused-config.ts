import { inert } from '@audience-relay/protocol';
import { validateConfig } from '../config';
import type { Diagnosis } from '../types';
import { openRefusedPanel } from './panel';

/**
 * The diagnosis of a `config` the tag refused, with the full texts of its problems: the CDN
 * tag's refusal names the fields only (`invalid config: dcs; timeoutMs`), and this bundle,
 * loaded on demand, carries what each expects. The page's config is checked again here; one
 * that passes now (the page changed it since, or the refusal was another partner's claim on
 * the page) keeps the tag's own words. With `panel`, it opens the panel on it and returns
 * nothing (the `debug` command settles with nothing); the diagnosis settles the `diagnose`
 * command without a look-up of an inherited `then`.
 */
export function refusedConfig(win: Window, config: unknown, message: string, panel: boolean): Omit<Diagnosis, 'snapshot'> | undefined {
  let full = message;
  try {
    validateConfig(config);
  } catch (error) {
    if (error instanceof Error) full = error.message;
  }
  const diagnosis = { ok: false, summary: full, reasons: [{ code: 'config-refused', message: full }] };
  if (!panel) return inert(diagnosis);
  openRefusedPanel(win, diagnosis);
  return undefined;
}
