// fidelity6: a customer ID declared by data source ID (d_cid) takes an authenticated state, as
// Audience Manager documents it for event calls, not only the integration-code form (d_cid_ic):
// - "Visitor Authentication States in Audience Manager"
//   (https://experienceleague.adobe.com/docs/audience-manager/user-guide/reference/visitor-authentication-states.html):
//   `https://sample_customer.demdex.net/event?d_cid=123%01sample_id%011&d_sid=123456` is the
//   AUTHENTICATED call; only state 1 writes the call's traits to the authenticated profile;
// - "Direct integration with the Experience Cloud Identity Service"
//   (https://experienceleague.adobe.com/docs/id-service/using/implementation/implementation-guides/direct-integration.html):
//   `d_cid=DPID%01DPUUID%01authentication state`, e.g. `d_cid=123%01456%011`.
// docs/deploying.md's table says the same ("`d_cid`, `d_cid_ic` … `DPID%01DPUUID`, with an
// optional auth state"), and mock-dcs reads it (cid-auth-state.test.ts). The tag refuses
// `{ dpid, dpuuid, authState }` with BAD_REQUEST, and its query builder would drop the state of
// a numeric source anyway: a publisher whose CRM data source has no integration code cannot
// say the visitor is logged in, and the DCS writes the traits to the device profile instead.
// Fixed: packages/tag/src/signals.ts takes authState with dpid, and
// packages/protocol/src/event-query.ts sends it as the third field of d_cid too.
import { buildEventQuery, type EventParams } from '@audience-relay/protocol';
import { describe, expect, it } from 'vitest';
import { normalizeDeclaredIds } from '../src/signals';

const params = (ids: EventParams['ids']): EventParams => ({ signals: {}, traits: [], uuid: null, coppa: false, ids, url: null });

describe('d_cid with an authenticated state (Audience Manager: Visitor Authentication States)', () => {
  it('ids({ dpid, dpuuid, authState: 1 }) is taken, as AM documents d_cid=123%01sample_id%011', () => {
    expect(normalizeDeclaredIds({ dpid: 123, dpuuid: 'sample_id', authState: 1 })).toEqual([{ source: 123, id: 'sample_id', authState: 1 }]);
  });

  it('the event query carries the state as the third %01 field of d_cid', () => {
    const query = buildEventQuery({ params: params([{ source: 123, id: 'sample_id', authState: 1 }]), deviceId: null });
    expect(query.split('&')).toContain('d_cid=123%01sample_id%011');
  });

  it('(the integration-code form already carries it)', () => {
    const query = buildEventQuery({ params: params([{ source: 'crm', id: 'sample_id', authState: 1 }]), deviceId: null });
    expect(query.split('&')).toContain('d_cid_ic=crm%01sample_id%011');
  });
});
