// Type-checked (never run) against the emitted packages/tag/dist/index.d.ts, as an npm user
// sees it. The @ts-expect-error lines prove the types are real, not `any`.
import { createAudienceRelay, RelayError, type ReadyResult, type SegmentsEvent } from '@audience-relay/tag';

export async function usage(): Promise<string[]> {
  const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 800 });
  relay.signals({ c_section: 'sports', p_age: 23, c_tags: ['golf', 'tennis'], d_flag: true });
  relay.traits([1234, 5678]);
  const off = relay.on('segments', (event: SegmentsEvent) => void event.segments.map((id) => id.toUpperCase()));
  off();
  const result: ReadyResult = await relay.ready({ timeoutMs: 300 });
  if (result.status === 'fresh' || result.status === 'timeout' || result.status === 'blocked' || result.status === 'error') {
    if (result.error) console.log(result.error.code);
  }
  try {
    relay.signals({ section: 'x' });
  } catch (error) {
    if (error instanceof RelayError && error.code === 'BAD_REQUEST') console.log(error.message);
  }

  // @ts-expect-error the DCS origin is required
  createAudienceRelay({ partner: 'acme' });
  // @ts-expect-error segment IDs are strings
  relay.on('segments', (event) => event.segments.map((id: number) => id));
  // @ts-expect-error statuses are a closed set
  const status: ReadyResult['status'] = 'done';
  // A closed set of error codes too, the snippet's and the runner's included.
  const blocked: NonNullable<ReadyResult['error']>['code'] = 'TAG_BLOCKED';
  // @ts-expect-error error codes are a closed set
  const unknownCode: NonNullable<ReadyResult['error']>['code'] = 'NOPE';
  void blocked;
  void unknownCode;
  // @ts-expect-error signal values are strings, numbers or booleans
  relay.signals({ c_nested: { a: 1 } });
  void status;
  return relay.getSegments();
}
