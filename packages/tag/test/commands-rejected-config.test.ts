// New-user trial (branch trial): a publisher's config has a mistake (`timeout: 800` for
// `timeoutMs`, or `dcs` set to the tag's URL). The console says `invalid config: unknown option
// "timeout"` once, but then `diagnose` answers "no config yet: call config first" (the QA kit's
// waitForHandshake and diagnose(page) repeat it), and `ready` settles `timeout` with
// NOT_CONFIGURED "no config before the deadline": both tell the publisher to add a config the
// page already has. After a refused config they should say the config was refused, and why.
// Fixed: the runner keeps the refusal's message (`invalid config: …`; ready's code BAD_REQUEST,
// diagnose reason `config-refused`) until a config is taken.
import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../src/commands';
import { validateConfig } from '../src/config';
import type { AudienceRelay, DebugTools, Diagnosis, ReadyResult } from '../src/types';

describe('after config was refused', () => {
  const refused = async (): Promise<ReturnType<typeof createCommandRunner>> => {
    // As the CDN tag creates a relay: the config is validated first, and throws.
    const run = createCommandRunner((config) => (validateConfig(config), {} as AudienceRelay));
    await expect(run('config', { partner: 'acme', dcs: 'https://dcs.example', timeout: 800 })).rejects.toThrow(/unknown option "timeout"/);
    return run;
  };

  it('diagnose names the refused config, not "call config first"', async () => {
    const run = await refused();
    const diagnosis = (await run('diagnose')) as Diagnosis;
    expect(diagnosis.summary).not.toMatch(/call config first/);
    expect(diagnosis.summary).toMatch(/timeout/);
  });

  it('ready settles with the config error, not NOT_CONFIGURED "no config before the deadline"', async () => {
    const run = await refused();
    const result = (await run('ready', { timeoutMs: 50 })) as ReadyResult;
    expect(result.error?.code).not.toBe('NOT_CONFIGURED');
    expect(result.error?.message).toMatch(/timeout/);
  });

  it('a corrected config is still taken after a refused one, and the queued calls run', async () => {
    const created: unknown[] = [];
    const run = createCommandRunner((config) => (validateConfig(config), created.push(config), { signals: () => created.push('signals') } as unknown as AudienceRelay));
    await expect(run('config', { partner: 'acme', dcs: 'https://dcs.example', timeout: 800 })).rejects.toThrow(/unknown option "timeout"/);
    await run('signals', { c_a: 1 });
    await run('config', { partner: 'acme', dcs: 'https://dcs.example', timeoutMs: 800 });
    expect(created).toEqual([{ partner: 'acme', dcs: 'https://dcs.example', timeoutMs: 800 }, 'signals']);
  });
});

// New-user trial (trial5): through the CDN tag the refusal names the fields only; `diagnose`
// and `debug` load the debug tools, which check the refused config again with the full texts.
describe('after config was refused, with the debug tools', () => {
  const config = { partner: 'acme', dcs: 'dcs.example', timeout: 800 };
  const withTools = (load: () => Promise<DebugTools>) => createCommandRunner((c) => (validateConfig(c), {} as AudienceRelay), load);

  it('diagnose gives the debug tools\' diagnosis of the refused config; debug opens their panel and settles with nothing', async () => {
    const seen: unknown[][] = [];
    const tools = {
      diagnose: () => ({}) as Diagnosis,
      panel: () => {},
      refused: (c: unknown, message: string, panel: boolean) => (seen.push([c, message, panel]), panel ? undefined : { ok: false, summary: 'full texts', reasons: [{ code: 'config-refused', message: 'full texts' }] }),
    };
    const run = withTools(async () => tools);
    await expect(run('config', config)).rejects.toThrow(/invalid config/);
    await expect(run('diagnose')).resolves.toMatchObject({ ok: false, summary: 'full texts' });
    await expect(run('debug')).resolves.toBeUndefined();
    // The page's own config object, and the tag's refusal as it was worded.
    expect(seen).toEqual([
      [config, expect.stringMatching(/^\[audience-relay\] invalid config: .*dcs/), false],
      [config, expect.stringMatching(/^\[audience-relay\] invalid config: .*dcs/), true],
    ]);
  });

  it('the debug tools not loading: diagnose still names the refusal, debug rejects (as it does configured)', async () => {
    const run = withTools(() => Promise.reject(new Error('blocked by the CSP')));
    await expect(run('config', config)).rejects.toThrow(/invalid config/);
    await expect(run('diagnose')).resolves.toMatchObject({ ok: false, reasons: [{ code: 'config-refused', message: expect.stringMatching(/invalid config: .*dcs/) }] });
    await expect(run('debug')).rejects.toThrow('blocked by the CSP');
  });

  it('before any config, debug waits for it and diagnose asks for it, without loading the tools', async () => {
    let loads = 0;
    const run = withTools(async () => (loads++, {} as DebugTools));
    await expect(run('diagnose')).resolves.toMatchObject({ reasons: [{ code: 'not-configured' }] });
    await expect(run('debug')).resolves.toBeUndefined();
    expect(loads).toBe(0);
  });
});
