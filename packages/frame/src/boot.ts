/** Values the DCS writes into `frame.html` when it serves it. */
export interface FrameBoot {
  partner: string;
  allowedOrigins: string;
}

export const BOOT_META = {
  partner: 'audience-relay:partner',
  allowedOrigins: 'audience-relay:allowed-origins',
} as const;

export function readBoot(doc: Pick<Document, 'querySelector'>): FrameBoot {
  const read = (name: string): string => doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
  return { partner: read(BOOT_META.partner), allowedOrigins: read(BOOT_META.allowedOrigins) };
}
