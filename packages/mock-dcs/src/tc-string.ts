import { GVL, TCModel, TCString } from '@iabtcf/core';

const purposes = Object.fromEntries(
  Array.from({ length: 11 }, (_, i) => [i + 1, { id: i + 1, name: `purpose ${i + 1}`, description: '', descriptionLegal: '' }]),
);

/**
 * A real TCF v2.2 TC string, encoded by the IAB's library over a small vendor list (our
 * default vendor 565, 999, and the vendors granted), consenting to `purposes` and `vendors`.
 * For tests and demos: mock-dcs decodes it as a DCS would. `cmpId`: the CMP that made it (default 10). Imports nothing of Node, so the
 * stand-in CMP of the examples bundles it for the browser.
 */
export function tcString(grant: { purposes: number[]; vendors: number[]; cmpId?: number }): string {
  const vendors = Object.fromEntries(
    [565, 999, ...grant.vendors].map((id) => [
      id,
      { id, name: `vendor ${id}`, purposes: [1, 10], legIntPurposes: [], flexiblePurposes: [], specialPurposes: [], features: [], specialFeatures: [] },
    ]),
  );
  const gvl = new GVL({
    gvlSpecificationVersion: 3,
    vendorListVersion: 100,
    tcfPolicyVersion: 5,
    lastUpdated: '2026-01-01T00:00:00Z',
    purposes,
    specialPurposes: {},
    features: {},
    specialFeatures: {},
    stacks: {},
    dataCategories: {},
    vendors,
  } as never);
  const model = new TCModel(gvl);
  model.cmpId = grant.cmpId ?? 10;
  model.cmpVersion = 1;
  model.isServiceSpecific = true;
  model.purposeConsents.set(grant.purposes);
  model.vendorConsents.set(grant.vendors);
  return TCString.encode(model);
}
