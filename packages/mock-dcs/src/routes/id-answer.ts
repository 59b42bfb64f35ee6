import type { ServerResponse } from 'node:http';
import type { DcsError } from '../event/dcs-error';
import type { IdSync } from '../event/outputs';
import { sendJson, sendJsonp } from '../http';

/** How long the client may keep the blob and region before asking again (seconds; the ID service's default). */
export const ID_SYNC_TTL_SECONDS = 604800;
/** How long the client may cache the opt-out status (seconds). */
export const OPT_OUT_TTL_SECONDS = 7200;

/** The ID service's JSON answer, as Visitor API 5.x reads it. */
export interface IdResponseBody {
  /** The Experience Cloud ID: the client's own when valid, else derived from org and device. */
  d_mid?: string;
  /** Opaque metadata the client sends back as `d_blob`. */
  d_blob?: string;
  dcs_region?: number;
  id_sync_ttl?: number;
  /** Host label of the destination-publishing iframe: `https://<subdomain>.<DCS domain>/dest5.html`. */
  subdomain?: string;
  /** ID syncs for the destination-publishing iframe to fire. */
  ibs?: IdSync[];
  /** `["global"]` when the device opted out. */
  d_optout?: string[];
  d_ottl?: number;
  /** The transaction ID, as on every DCS answer (12 base64 characters). */
  tid?: string;
  /** Present when the call failed in part or in whole: what went wrong, in words. */
  error_msg?: string;
  errors?: DcsError[];
}

/**
 * The ID service's answer: JSON, or JSONP with a valid `d_cb`; error codes also in `X-Error`.
 * With `tid`, the transaction ID goes after the fields and before any error, as Adobe's
 * recorded /id answer ends (`"subdomain":"obumobile5","tid":"c8VdE0tuQkg="`, adobe/aepsdk-core-ios
 * IdentityHitResponseTests) and as `/event` answers place it.
 */
export function answer(res: ServerResponse, callback: string | null, answered: IdResponseBody, tid?: string): void {
  const { error_msg, errors, ...fields } = answered;
  const body: IdResponseBody = { ...fields, ...(tid ? { tid } : {}), ...(error_msg !== undefined ? { error_msg } : {}), ...(errors ? { errors } : {}) };
  const codes = (body.errors ?? []).map((e) => String(e.code));
  if (callback) sendJsonp(res, callback, body, codes);
  else sendJson(res, 200, body, codes);
}
