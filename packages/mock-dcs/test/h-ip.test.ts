// Fidelity review 9. "In addition, a h_ip signal is generated from the IP of the host sending
// the request to DCS" (Adobe Analytics, "Server-side forwarding data and code reference", beside
// the h_ keys Audience Manager's "Supported Attributes for DCS API Calls" lists). mock-dcs
// derived the other h_ signals from headers but not h_ip: a trait on the caller's IP (an
// office network, a QA lab) never qualified. Like the other h_ keys, a value the caller sends
// is not taken: the DCS sets it from the connection.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: {
    acme: {
      allowedOrigins: [],
      traits: [
        { id: 1, rule: 'h_ip == "127.0.0.1"' },
        { id: 2, rule: 'h_ip == "203.0.113.9"' },
      ],
      segments: [],
    },
  },
};
const dcs = mockDcsPerFile(config);

describe('h_ip, from the address of the host that sends the request', () => {
  it('qualifies a trait on the caller IP (IPv4, not its IPv6-mapped form) and is in the request log', async () => {
    const reply = await call(dcs().port, '/event?d_rtbd=json&d_cts=2');
    expect(reply.json().traits).toEqual([1]);
    expect(dcs().requests().at(-1)?.signals).toMatchObject({ h_ip: ['127.0.0.1'] });
  });

  it('a caller cannot set it: h_ip=203.0.113.9 in the query (or a forwarding header) is not taken', async () => {
    const reply = await call(dcs().port, '/event?d_rtbd=json&d_cts=2&h_ip=203.0.113.9', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(reply.json().traits).toEqual([1]);
    expect(dcs().requests().at(-1)?.signals.h_ip).toEqual(['127.0.0.1']);
  });
});
