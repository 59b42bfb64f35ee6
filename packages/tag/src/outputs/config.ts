import { isRecord } from '@audience-relay/protocol';
import { checkBoolean, option, unknownKeys } from '../check';
import { isWritableName } from '../cookie';
import { FULL } from '../errors';
import { CREDENTIAL } from './cookies';
import type { NormalizedOutputs } from '../types';

/** A GPT targeting key we accept. */
export const GPT_KEY = /^[A-Za-z0-9_-]{1,40}$/;
const COOKIE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const GLOBAL_NAME = /^[A-Za-z_$][\w$]{0,63}$/;

/** Validates the `outputs` config section, adding every problem to `problems`. */
export function validateOutputs(problems: string[], outputs: unknown): NormalizedOutputs {
  const result: NormalizedOutputs = { gpt: null, prebid: null, cookie: null, dataLayer: null, domEvent: false, cookieDestinations: null };
  if (!isRecord(outputs)) return result;
  unknownKeys(problems, 'outputs.', outputs, ['gpt', 'prebid', 'cookie', 'dataLayer', 'domEvent', 'cookieDestinations']);
  // Own properties only: a polluted Object.prototype must not configure an output.
  const [gpt, prebid, cookie] = (['gpt', 'prebid', 'cookie'] as const).map((name) => option(outputs, name));
  const dataLayer = option(outputs, 'dataLayer', false);
  const domEvent = option(outputs, 'domEvent', false);

  if (section(problems, 'gpt', gpt, ['key', 'slots'])) {
    const key = option(gpt, 'key', 'aud');
    const slots = option(gpt, 'slots', []);
    if (typeof key !== 'string' || !GPT_KEY.test(key)) problems.push(`outputs.gpt.key${FULL ? ': expected 1 to 40 letters, digits, - or _' : ''}`);
    const slotsOk = Array.isArray(slots) && slots.length <= 100 && slots.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 200);
    if (!slotsOk) problems.push(`outputs.gpt.slots${FULL ? ': expected a list of slot element IDs or ad unit paths' : ''}`);
    result.gpt = { key: key as string, slots: slotsOk ? [...(slots as string[])] : [] };
  }
  if (section(problems, 'prebid', prebid, ['name', 'segtax'])) {
    const name = option(prebid, 'name');
    const segtax = option(prebid, 'segtax', null);
    if (typeof name !== 'string' || !/^[A-Za-z0-9.-]{1,100}$/.test(name)) problems.push(`outputs.prebid.name${FULL ? ': expected a domain-like name, like dcs.example' : ''}`);
    if (segtax !== null && !(typeof segtax === 'number' && Number.isInteger(segtax) && segtax > 0)) problems.push(`outputs.prebid.segtax${FULL ? ': expected a positive whole number' : ''}`);
    result.prebid = { name: name as string, segtax: segtax as number | null };
  }
  if (section(problems, 'cookie', cookie, ['name', 'days'])) {
    const name = option(cookie, 'name');
    const days = option(cookie, 'days', 30);
    if (typeof name !== 'string' || !COOKIE_NAME.test(name)) problems.push(`outputs.cookie.name${FULL ? ': expected 1 to 64 letters, digits, - or _' : ''}`);
    if (!(typeof days === 'number' && Number.isInteger(days) && days > 0 && days <= 400)) problems.push(`outputs.cookie.days${FULL ? ': expected whole days from 1 to 400' : ''}`);
    result.cookie = { name: name as string, days: days as number };
  }
  if (dataLayer === true) result.dataLayer = 'dataLayer';
  else if (dataLayer === null) result.dataLayer = null;
  else if (typeof dataLayer === 'string' && GLOBAL_NAME.test(dataLayer)) result.dataLayer = dataLayer;
  else if (dataLayer !== false) problems.push(`outputs.dataLayer${FULL ? ': expected true, false or a global variable name' : ''}`);
  checkBoolean(problems, 'outputs.domEvent', domEvent);
  result.domEvent = domEvent === true;
  // null: a section already normalized (the npm build validates twice), as every name.
  const accepted = option(outputs, 'cookieDestinations', true);
  if (accepted === false) result.cookieDestinations = [];
  else if (Array.isArray(accepted) && accepted.length <= 20 && accepted.every((name) => typeof name === 'string' && isWritableName(name))) {
    // A name the tag never writes (it looks like a session, login or token cookie: `auth` is in
    // `author_seg`) is refused here, named, rather than accepted and silently skipped.
    const never = (accepted as string[]).filter((name) => CREDENTIAL.test(name));
    if (never.length > 0) problems.push(`outputs.cookieDestinations: ${never.join(', ')}${FULL ? ' never written (the name looks like a session, login or token cookie, which a DCS may not set); rename the destination at the DCS' : ''}`);
    result.cookieDestinations = [...(accepted as string[])];
  }
  else if (accepted !== true && accepted !== null) problems.push(`outputs.cookieDestinations${FULL ? ': expected true, false or a list of up to 20 cookie names (letters, digits, _ . -; not starting with __ or ar_)' : ''}`);
  return result;
}

/** An optional output section: absent is fine; present must be an object of known keys. */
function section(problems: string[], name: string, value: unknown, known: string[]): value is Record<string, unknown> {
  // null: a section already normalized away (the npm build validates twice).
  if (value === undefined || value === null) return false;
  if (!isRecord(value)) {
    problems.push(`outputs.${name}${FULL ? ': expected an object' : ''}`);
    return false;
  }
  unknownKeys(problems, `outputs.${name}.`, value, known);
  return true;
}

