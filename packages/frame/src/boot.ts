/** Values fixed in `frame.html` when it is built for a partner, or served by a DCS. */
export interface FrameBoot {
  partner: string;
  allowedOrigins: string;
  /** The DCS origin the frame calls; empty when the DCS serves the frame itself. */
  dcs: string;
}

export const BOOT_META = {
  partner: 'audience-relay:partner',
  allowedOrigins: 'audience-relay:allowed-origins',
  dcs: 'audience-relay:dcs',
} as const;

export function readBoot(doc: Pick<Document, 'querySelector'>): FrameBoot {
  const read = (name: string): string => doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
  return { partner: read(BOOT_META.partner), allowedOrigins: read(BOOT_META.allowedOrigins), dcs: read(BOOT_META.dcs) };
}
