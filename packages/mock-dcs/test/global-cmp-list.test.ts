import { describe, expect, it } from 'vitest';
import { ConfigError, compileConfig, type MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile, tcString } from './helpers';

// Audience Manager checks the CMP that made a TC string against its cached copy of the IAB's
// Global CMP List ("DCS Error Codes, Messages, and Examples", integration warning codes,
// https://experienceleague.adobe.com/en/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-error-codes):
// 313 "CMP ID is not present in GCL" and 314 "CMP ID is marked as deleted in GCL": with gdpr=1,
// the plug-in discards the TC string and processes the request as usual; ${GDPR} is 0 and
// ${GDPR_CONSENT_XXX} empty. A registered CMP's string is checked as before (315 when it
// grants no consent).
const config = (globalCmpList?: unknown): MockDcsConfig =>
  ({
    defaultPartner: 'acme',
    ...(globalCmpList === undefined ? {} : { globalCmpList }),
    partners: {
      acme: {
        allowedOrigins: [],
        traits: [{ id: 1, rule: 'c_section == "sports"' }],
        segments: [{ id: 10, rule: '1T' }],
        destinations: [{ id: 7, url: 'https://px.example/p?g=${GDPR}&c=${GDPR_CONSENT_565}&s=%ALIAS%', segments: { 10: 'ten' } }],
      },
    },
  }) as unknown as MockDcsConfig;

// Made by CMP 300, granting nothing.
const refusing = () => tcString({ purposes: [], vendors: [], cmpId: 300 });
const event = (tc: string) => `/event?d_rtbd=json&d_dst=1&d_cts=2&c_section=sports&gdpr=1&gdpr_consent=${tc}`;

describe('the Global CMP List (globalCmpList)', () => {
  const get = mockDcsPerFile(config({ cmpIds: [10, 300, 301], deleted: [301] }));

  it('313: a CMP not in the list: the TC string is discarded and the call processed as usual, ${GDPR} 0', async () => {
    const dcs = get();
    dcs.setConfig(config({ cmpIds: [10] }));
    const reply = await call(dcs.port, event(refusing()));
    const body = reply.json();
    expect(reply.headers['x-error']).toBe('313');
    expect(body.errors).toEqual([{ code: 313, msg: 'CMP ID is not present in GCL' }]);
    expect(body.uuid).toMatch(/^\d{38}$/);
    expect(body.segments).toEqual([10]);
    expect((body.dests as Array<{ c: string }>)[0]?.c).toBe('https://px.example/p?g=0&c=&s=ten');
  });

  it('314: a CMP marked deleted: the same, with 314', async () => {
    const dcs = get();
    const reply = await call(dcs.port, event(tcString({ purposes: [], vendors: [], cmpId: 301 })));
    expect(reply.json().errors).toEqual([{ code: 314, msg: 'CMP ID is marked as deleted in GCL' }]);
    expect(reply.json().segments).toEqual([10]);
  });

  it('a registered CMP: its string is checked as before (315 when it grants nothing)', async () => {
    const dcs = get();
    const reply = await call(dcs.port, event(refusing()));
    expect(reply.json().errors).toEqual([{ code: 315, msg: 'Consent string indicates no consent' }]);
    expect(reply.json().uuid).toBeUndefined();
  });

  it('without globalCmpList the list is not checked', async () => {
    const dcs = get();
    dcs.setConfig(config());
    expect((await call(dcs.port, event(refusing()))).json().errors).toEqual([{ code: 315, msg: 'Consent string indicates no consent' }]);
  });

  it('a bad list is refused with its path', () => {
    let problems: readonly string[] = [];
    try {
      compileConfig(config({ cmpIds: [0, 'x'], deleted: 5, extra: true }));
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems).toEqual([
      'globalCmpList.extra: unknown option (expected cmpIds, deleted)',
      'globalCmpList.cmpIds: expected a list of CMP IDs (whole numbers from 1 to 4095)',
      'globalCmpList.deleted: expected a list of CMP IDs (whole numbers from 1 to 4095)',
    ]);
  });
});
