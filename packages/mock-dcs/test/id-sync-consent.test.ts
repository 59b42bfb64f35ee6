// "ID Synchronization for Inbound Data Transfers": /ibs: takes gdpr (0 or 1) with
// gdpr_consent, for the Audience Manager Plug-in for IAB TCF. A sync whose consent string
// does not grant the DCS its purposes (1 and 10) and vendor stores nothing, as /event.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, tcString, mockDcsPerFile } from './helpers';

const config: MockDcsConfig = { defaultPartner: 'acme', partners: { acme: { allowedOrigins: [], traits: [], segments: [] } } };
const UUID = '12345678901234567890123456789012345678';
const dcs = mockDcsPerFile(config);

const setCookie = (reply: { headers: Record<string, string | string[] | undefined> }): string => String(reply.headers['set-cookie'] ?? '');
const redir = encodeURIComponent('https://partner.example/back?aam=${DD_UUID}');

describe('/ibs: with gdpr and gdpr_consent', () => {
  it('gdpr=1 without a granting consent string: nothing stored, no cookie, no redirect, X-Error 315', async () => {
    const denied = tcString({ purposes: [1], vendors: [565] });
    for (const query of [`gdpr=1&gdpr_consent=${denied}`, 'gdpr=1&gdpr_consent=', 'gdpr=1']) {
      const reply = await call(dcs().port, `/ibs:dpid=777&dpuuid=p-1&${query}&redir=${redir}`, { headers: { cookie: `demdex=${UUID}` } });
      expect(reply.status).toBe(200);
      expect(reply.headers['x-error']).toBe('315');
      expect(setCookie(reply)).toBe('');
    }
    // Nothing of the sync is stored; the device the sync named is opted out for the partner, as
    // the IAB TCF plug-in does without consent (outside review, session n: review13).
    expect(dcs().profiles()).toEqual([expect.objectContaining({ uuid: UUID, optedOutPartners: ['acme'], traits: {}, syncedIds: {} })]);
  });

  it('gdpr=1 with purposes 1 and 10 and the vendor: stored and redirected as without gdpr', async () => {
    const granted = tcString({ purposes: [1, 10], vendors: [565] });
    const reply = await call(dcs().port, `/ibs:dpid=777&dpuuid=p-1&gdpr=1&gdpr_consent=${granted}&redir=${redir}`, { headers: { cookie: `demdex=${UUID}` } });
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe(`https://partner.example/back?aam=${UUID}`);
    expect(dcs().profiles().find((p) => p.uuid === UUID)?.syncedIds).toEqual({ 777: 'p-1' });
  });

  it('gdpr=0: GDPR does not apply, the sync is stored', async () => {
    await call(dcs().port, '/ibs:dpid=777&dpuuid=p-2&gdpr=0&gdpr_consent=', { headers: { cookie: `demdex=${UUID}` } });
    expect(dcs().profiles().find((p) => p.uuid === UUID)?.syncedIds).toEqual({ 777: 'p-2' });
  });
});
