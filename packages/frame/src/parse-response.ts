import { MAX_RESULT_IDS, own, type EventResult } from '@audience-relay/protocol';
import { parseIdSyncs, type IdSync } from './id-syncs';

/** A DCS answer split into what goes to the tag and what the frame acts on itself. */
export interface ParsedResponse {
  result: EventResult;
  idSyncs: IdSync[];
}

const UUID = /^\d{38}$/;
const MAX_DCS_ERRORS = 50;

/**
 * Turns an untrusted `/event` JSON body into an {@link EventResult} and the ID syncs to fire: types checked, sizes
 * capped, unknown fields dropped. Only own properties are read, so a body such as
 * `{"__proto__": {...}}` cannot smuggle anything in. Returns null when the body is not a
 * DCS answer at all.
 */
export function parseEventResponse(body: unknown): ParsedResponse | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const uuid = own(body, 'uuid');
  const region = own(body, 'dcs_region');
  const tid = own(body, 'tid');
  return {
    result: {
      uuid: typeof uuid === 'string' && UUID.test(uuid) ? uuid : null,
      segments: idList(own(body, 'segments')).map(String),
      traits: idList(own(body, 'traits')),
      region: typeof region === 'number' && Number.isSafeInteger(region) ? region : null,
      tid: typeof tid === 'string' && tid.length <= 64 ? tid : null,
      dcsErrors: dcsErrors(own(body, 'errors')),
    },
    idSyncs: parseIdSyncs(own(body, 'ibs')),
  };
}

function idList(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const ids = new Set<number>();
  for (const item of value.slice(0, MAX_RESULT_IDS)) {
    const id = typeof item === 'string' && /^\d{1,15}$/.test(item) ? Number(item) : item;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) ids.add(id);
  }
  return [...ids];
}

function dcsErrors(value: unknown): { code: number; msg: string }[] {
  if (!Array.isArray(value)) return [];
  const errors: { code: number; msg: string }[] = [];
  for (const item of value.slice(0, MAX_DCS_ERRORS)) {
    const code = own(item, 'code');
    const msg = own(item, 'msg');
    if (typeof code === 'number' && Number.isSafeInteger(code)) {
      errors.push({ code, msg: typeof msg === 'string' ? msg.slice(0, 200) : '' });
    }
  }
  return errors;
}
