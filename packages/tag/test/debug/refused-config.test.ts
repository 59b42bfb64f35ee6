// @vitest-environment happy-dom
// The debug tools on a page whose config the CDN tag refused (new-user trial, trial5): the
// tag's refusal names the fields only; the tools give what each expects, and their panel
// shows it.
import { afterEach, describe, expect, it } from 'vitest';
import { refusedConfig } from '../../src/debug/refused-config';
import { openPanel } from '../../src/debug/panel';
import { createRelay } from '../../src/relay';

afterEach(() => document.body.replaceChildren());

const shown = (testId: string): string[] =>
  [...document.querySelectorAll('[data-audience-relay-debug]')].flatMap((host) => [...host.shadowRoot!.querySelectorAll(`[data-testid="${testId}"]`)].map((n) => n.textContent ?? ''));

describe('a refused config, explained by the debug tools', () => {
  it('names what each field expects', () => {
    const diagnosis = refusedConfig(window, { partner: 'acme', dcs: 'dcs.example', timeoutMs: '800' }, '[audience-relay] invalid config: dcs; timeoutMs', false);
    expect(diagnosis).toMatchObject({ ok: false, reasons: [{ code: 'config-refused' }] });
    expect(diagnosis!.summary).toContain('dcs: expected an http(s) origin, like https://dcs.example');
    expect(diagnosis!.summary).toContain('timeoutMs: expected whole milliseconds');
    // Settles a promise without a look-up of an inherited `then`.
    expect(Object.getOwnPropertyDescriptor(diagnosis, 'then')).toMatchObject({ value: undefined });
  });

  it("keeps the tag's words when the config passes now (changed since, or refused for another partner's claim)", () => {
    const message = '[audience-relay] invalid config: partner "acme" taken';
    expect(refusedConfig(window, { partner: 'acme', dcs: 'https://dcs.example' }, message, false)!.summary).toBe(message);
    // A config whose getter throws: still a diagnosis, never a throw.
    const hostile = Object.defineProperty({}, 'partner', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(refusedConfig(window, hostile, message, false)!.reasons[0]!.code).toBe('config-refused');
  });

  it('opens one panel on the refusal, replaced when asked again, and gone once a relay panel opens', () => {
    expect(refusedConfig(window, { partner: 'acme', dcs: 'dcs.example' }, 'refused', true)).toBeUndefined();
    expect(refusedConfig(window, { partner: 'acme', dcs: 'dcs.example' }, 'refused', true)).toBeUndefined();
    expect(shown('debug-summary')).toEqual([expect.stringContaining('dcs: expected an http(s) origin')]);
    expect(shown('debug-reasons')[0]).toMatch(/^config-refused: /);
    openPanel(window, createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example' }, { bridge: () => ({ connect: () => ({ stop: () => {} }) }) }));
    expect(document.querySelectorAll('[data-audience-relay-debug]')).toHaveLength(1);
    expect(document.querySelector('[data-audience-relay-debug]')!.getAttribute('data-audience-relay-debug')).toBe('acme');
  });
});
