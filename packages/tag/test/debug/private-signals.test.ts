// `p_` signals are "used for evaluation, never stored or logged — redact it everywhere,
// including the admin API and logs" (DCS-PROTOCOL.md §2; mock-dcs redacts them in its request
// log and admin API). The debug panel is the tag's own log of every call, shown on the page
// (any visitor can open it with ?audience-relay-debug, screenshots of it go into bug reports):
// it prints private values in clear.
import { describe, expect, it } from 'vitest';
import { describeParams } from '../../src/debug/panel';

describe('the debug panel and private signals', () => {
  it('shows a p_ key but never its value', () => {
    const line = describeParams({ signals: { c_section: ['sports'], p_email_sha: ['5f4dcc3b5aa765d61d8327deb882cf99'], p_age: ['23'] }, traits: [], uuid: null, coppa: false, ids: [], url: null });
    expect(line).toContain('c_section=sports');
    expect(line).toContain('p_age');
    expect(line).not.toContain('23');
    expect(line).not.toContain('5f4dcc3b5aa765d61d8327deb882cf99');
  });
});

describe('the debug stream and private signals', () => {
  it("every listener of on('debug') gets p_ keys without their values; the DCS still gets them", async () => {
    const { createDebugStream } = await import('../../src/debug/stream');
    const events: unknown[] = [];
    const sent: unknown[] = [];
    const stream = createDebugStream((event) => events.push(event));
    const caller = {
      call: async (params: unknown) => (sent.push(params), { uuid: null, segments: [], traits: [], cookies: [], identity: { source: 'new' as const, partitioned: null } }),
      handle: () => false,
      destroy: () => {},
    };
    await stream.send(caller, { signals: { c_section: ['sports'], p_age: ['23'] }, traits: [], uuid: null, coppa: false, ids: [], url: null }, 'event');
    // The value as a string: the events' timestamps (sentAt, durationMs) may hold the digits 23.
    expect(JSON.stringify(events)).not.toContain('"23"');
    expect(JSON.stringify(events)).toContain('"p_age":["(private)"]');
    expect(sent).toEqual([expect.objectContaining({ signals: { c_section: ['sports'], p_age: ['23'] } })]);
  });
});
