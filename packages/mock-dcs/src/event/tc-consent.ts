/**
 * What a TCF v2 TC string's core segment says of some purposes and one vendor, read in one
 * pass over its bits, or null when it is not a well-formed v2 core segment.
 *
 * Not `@iabtcf/core`'s `TCString.decode`: that expands every vendor range into a set, so one
 * crafted `gdpr_consent` of 5,000 characters (`'C'.repeat(5000)`: ~900 ranges of up to 65,535
 * vendors) held the server's only thread for 15 s. Here a range is compared, never expanded:
 * the work is linear in the string's length. The IAB library still encodes the strings the
 * tests and the stand-in CMP send (`tc-string.ts`), and the tests check both agree.
 */
export function readTcConsent(tcString: string, purposes: readonly number[], vendorId: number): { purposes: boolean; vendor: boolean; cmpId: number } | null {
  const core = tcString.split('.')[0] ?? '';
  if (!/^[A-Za-z0-9_-]+$/.test(core)) return null;
  const bits = new TcBits(core);
  if (bits.read(6) !== 2) return null;
  // Created, LastUpdated: 36 + 36 bits; then CmpId, 12 bits.
  bits.skip(72);
  const cmpId = bits.read(12);
  // CmpVersion, ConsentScreen, ConsentLanguage, VendorListVersion, TcfPolicyVersion,
  // IsServiceSpecific, UseNonStandardTexts, SpecialFeatureOptIns: 12 + 6 + 12 + 12 + 6 + 1 + 1 + 12 bits.
  bits.skip(62);
  const purposeBits = bits.read(24);
  // PurposesLITransparency, PurposeOneTreatment, PublisherCC.
  bits.skip(24 + 1 + 12);
  const maxVendorId = bits.read(16);
  let vendor = false;
  if (bits.read(1) === 0) {
    // A bit field of MaxVendorId bits.
    if (vendorId <= maxVendorId) {
      bits.skip(vendorId - 1);
      vendor = bits.read(1) === 1;
      bits.skip(maxVendorId - vendorId);
    } else bits.skip(maxVendorId);
  } else {
    const entries = bits.read(12);
    for (let i = 0; i < entries; i++) {
      const isRange = bits.read(1) === 1;
      const start = bits.read(16);
      const end = isRange ? bits.read(16) : start;
      if (start < 1 || end < start || end > maxVendorId) return null;
      if (vendorId >= start && vendorId <= end) vendor = true;
    }
  }
  if (bits.overrun) return null;
  // Purpose 1 is the first (most significant) of the 24 bits.
  return { purposes: purposes.every((p) => p >= 1 && p <= 24 && ((purposeBits >> (24 - p)) & 1) === 1), vendor, cmpId };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The bits of a base64url string, read in order; reading past the end sets `overrun`. */
class TcBits {
  #position = 0;
  overrun = false;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  /** The next `count` bits (at most 24) as an unsigned number. */
  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 2 + this.#bit(this.#position++);
    return value;
  }

  skip(count: number): void {
    this.#position += count;
    if (this.#position > this.#text.length * 6) this.overrun = true;
  }

  #bit(at: number): number {
    const char = this.#text[Math.floor(at / 6)];
    if (char === undefined) {
      this.overrun = true;
      return 0;
    }
    return (ALPHABET.indexOf(char) >> (5 - (at % 6))) & 1;
  }
}
