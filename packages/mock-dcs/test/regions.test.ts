import { describe, expect, it } from 'vitest';
import { ConfigError, compileConfig, type MockDcsConfig } from '../src/index';

// Audience Manager answers `dcs_region` with one of its documented regions only ("DCS Region
// IDs, Locations, and Host Names",
// https://experienceleague.adobe.com/en/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-regions):
// 3 Singapore, 4 São Paulo, 6 Dublin, 7 Virginia, 8 Sydney, 9 Oregon, 11 Tokyo, 12 India.
// A region the real DCS never sends makes a QA run exercise something production cannot.
const withRegion = (region: unknown): MockDcsConfig =>
  ({ defaultPartner: 'acme', partners: { acme: { allowedOrigins: [], region } } }) as unknown as MockDcsConfig;

const problems = (config: MockDcsConfig): readonly string[] => {
  try {
    compileConfig(config);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('partners.<name>.region', () => {
  it.each([3, 4, 6, 7, 8, 9, 11, 12])('accepts Audience Manager region %i', (region) => {
    expect(compileConfig(withRegion(region)).partners.get('acme')?.region).toBe(region);
  });

  it.each([0, 1, 5, 10, 13, 42])('refuses %i, a region Audience Manager does not have, naming the ones it has', (region) => {
    expect(problems(withRegion(region))).toEqual([
      `partners.acme.region: ${region} is not an Audience Manager DCS region (3, 4, 6, 7, 8, 9, 11 or 12: "DCS Region IDs, Locations, and Host Names")`,
    ]);
  });

  it('still refuses what is not a whole number', () => {
    expect(problems(withRegion('7'))).toEqual(['partners.acme.region: expected a whole number']);
  });
});
