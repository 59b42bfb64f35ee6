// Error messages in Audience Manager's words ("DCS error codes, messages, and examples"),
// variable parts filled in: what a tester compares with the documentation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

let dcs: MockDcs;
const ORG = 'ACME123@AdobeOrg';

beforeAll(async () => {
  dcs = await startMockDcs({
    config: {
      partners: {
        acme: { allowedOrigins: [], orgId: ORG, allowedReferrerHosts: ['www.publisher.example'], dataSources: [{ id: 21, integrationCode: 'crm' }, ...Array.from({ length: 12 }, (_, i) => ({ id: 30 + i }))], traits: [], segments: [] },
      },
    },
  });
});
afterAll(async () => {
  await dcs.close();
});

const errorsOf = async (path: string, headers: Record<string, string> = {}) => (await call(dcs.port, path, { headers: { host: 'acme.dcs.localhost', ...headers } })).json().errors;
const E = '/event?d_rtbd=json';

describe('documented error messages', () => {
  it.each([
    ['1', `${E}`, { host: 'nobody.dcs.localhost' }, [{ code: 1, msg: 'Could not find config for hostname: nobody.dcs.localhost' }]],
    ['2', `${E}&d_orgid=OTHER%40AdobeOrg`, {}, [{ code: 2, msg: 'Invalid d_orgid value (could not find a config for this org id): OTHER@AdobeOrg' }]],
    ['101', `${E}&d_mid=42`, {}, [{ code: 101, msg: 'Invalid Experience Cloud id passed in 42' }]],
    ['102', `${E}&d_uuid=43`, {}, [{ code: 102, msg: 'Invalid AAM ID passed in request 43' }]],
    ['109', `${E}`, { referer: 'https://evil.example/' }, [{ code: 109, msg: 'Referer https://evil.example/ is not allowed for partner acme' }]],
    ['300 + 104', `${E}&d_cid=x%01y`, {}, [{ code: 300, msg: 'Invalid customer id x%01y' }, { code: 104, msg: 'All customer IDs are invalid' }]],
    ['310', `${E}&d_cid=21%01a&d_cid=21%01b&d_cid=21%01c&d_cid=21%01d`, {}, [{ code: 310, msg: 'Customer id was discarded because it exceeded the limit for a given namespace. Namespace id is 21, customer id is d.' }]],
    ['311', `${E}&d_site=%esid!`, {}, [{ code: 311, msg: 'Request contains invalid parameters: bad percent-encoding in "%esid!"' }]],
    ['312', `${E}&d_cid=20915%01abc`, {}, [{ code: 312, msg: 'Request contains an invalid Global Device ID: abc for data source 20915' }, { code: 104, msg: 'All customer IDs are invalid' }]],
    ['315', `${E}&gdpr=1`, {}, [{ code: 315, msg: 'Consent string indicates no consent' }]],
  ])('%s', async (_code, path, headers, expected) => {
    expect(await errorsOf(path, headers)).toEqual(expected);
  });

  it('301 and 309', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `d_cid=${30 + i}%01u${i}`).join('&');
    expect(await errorsOf(`${E}&${ids}`)).toEqual([
      { code: 301, msg: 'Maximum number of customer ids exceeded. Maximum allowed is 10. Found is 12.' },
      { code: 309, msg: 'Customer id 40%01u10 was discarded because it exceeded the limit of declared customer ids per request' },
      { code: 309, msg: 'Customer id 41%01u11 was discarded because it exceeded the limit of declared customer ids per request' },
    ]);
  });
});
