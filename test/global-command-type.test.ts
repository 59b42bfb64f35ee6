// The snippet's global has a type a TypeScript page can declare (trial9: there was none, so
// `audienceRelay('ready')` was `any`). Checked by the type checker (`npm run typecheck`) and
// here: each command's arguments and answer follow `AudienceRelay`.
import { describe, expectTypeOf, it } from 'vitest';
import type { AudienceRelayCommand, Diagnosis, ReadyResult, RelaySnapshot } from '../packages/tag/src/index';

declare const audienceRelay: AudienceRelayCommand;

describe('AudienceRelayCommand', () => {
  it('types each command by name from AudienceRelay', () => {
    // Type-checked, never run (there is no global here).
    const typed = (): void => {
    expectTypeOf(audienceRelay('ready', { timeoutMs: 800 })).toEqualTypeOf<Promise<ReadyResult>>();
    expectTypeOf(audienceRelay('getSegments')).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(audienceRelay('snapshot')).toEqualTypeOf<Promise<RelaySnapshot>>();
    expectTypeOf(audienceRelay('diagnose')).toEqualTypeOf<Promise<Diagnosis>>();
    expectTypeOf(audienceRelay('signals', { c_section: 'sports' })).toEqualTypeOf<Promise<void>>();
    expectTypeOf(audienceRelay('config', { partner: 'acme', dcs: 'https://acme.dcs.example' })).toEqualTypeOf<Promise<void>>();
    expectTypeOf(audienceRelay('on', 'segments', (event) => void event.segments)).toEqualTypeOf<Promise<() => void>>();
    // @ts-expect-error: not a command
    void audienceRelay('nope');
    // @ts-expect-error: signals take an object
    void audienceRelay('signals', 42);
    };
    expectTypeOf(typed).toBeFunction();
  });
});
