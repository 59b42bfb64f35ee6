import { GppModel, Sections } from '@iabgpp/cmpapi';
import { readableGppHeader } from './gpp-header';

/** GPP section fields that say the visitor opted out of sale, sharing or targeted advertising (1 = opted out). */
const OPT_OUT_FIELDS = ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'];

/**
 * Whether a GPP string records a US opt-out in one of its applicable sections (`gpp_sid`,
 * every section when absent): a US section (US National or a state) with an opt-out of
 * sale, sharing or targeted advertising, or its GPC subsection set, or the US Privacy
 * section (6) with an opt-out of sale. A string the IAB library cannot decode counts as an
 * opt-out: a signal we cannot read is not a permission. So is a header that names absurd
 * section IDs, which the library would spend seconds expanding (`readableGppHeader`).
 */
export function gppOptOut(gpp: string, gppSid: readonly number[]): boolean {
  if (!readableGppHeader(gpp)) return true;
  try {
    const model = new GppModel(gpp);
    const ids = (model.getSectionIds() as number[]).filter((id) => gppSid.length === 0 || gppSid.includes(id));
    return ids.some((id) => {
      const name = Sections.SECTION_ID_NAME_MAP.get(id);
      // Only the US sections (uspv1, usnat, the states) can say "opted out", and theirs are
      // fixed-size fields. The others are never decoded: the library expands each range of a
      // TCF section's vendor IDs into an array, so 1000 ranges of 1-65535 held the server 13 s.
      const section = name?.startsWith('us') ? (model.getSection(name) as Record<string, unknown> | null) : null;
      if (!section) return false;
      return OPT_OUT_FIELDS.some((field) => section[field] === 1) || section.Gpc === true || section.OptOutSale === 'Y';
    });
  } catch {
    return true;
  }
}
