// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { deviceIdCookie } from '../src/device-id-cookie';
import { optOutCookie } from '../src/opt-out-cookie';
import { nextTask } from './next-task';

const UUID = '7'.repeat(38);

afterEach(async () => {
  for (const name of ['ar_uuid_acme', 'ar_uuid_globex']) document.cookie = `${name}=; Max-Age=0; Path=/`;
  // The tag reads document.cookie once per task (see readCookies): let this one end.
  await nextTask();
});

describe('first-party device ID cookie', () => {
  it('writes the device ID for its partner and reads it back', () => {
    const acme = deviceIdCookie(document, 'acme');
    expect(acme.read()).toBeNull();
    acme.write(UUID);
    expect(acme.read()).toBe(UUID);
    expect(document.cookie).toContain(`ar_uuid_acme=${UUID}`);
    expect(deviceIdCookie(document, 'globex').read()).toBeNull();
    acme.clear();
    expect(acme.read()).toBeNull();
    expect(document.cookie).not.toContain('ar_uuid_acme');
  });

  it('never writes anything but a 38-digit ID: no cookie attribute can be smuggled in', () => {
    const acme = deviceIdCookie(document, 'acme');
    acme.write(`${UUID}; Domain=evil.example`);
    acme.write('123');
    expect(acme.read()).toBeNull();
  });
});

describe('document.cookie round trips (each is synchronous IPC in Chromium)', () => {
  function countingDocument(initial: string) {
    const doc = {
      reads: 0,
      writes: [] as string[],
      value: initial,
      location: { protocol: 'https:' },
      get cookie(): string {
        doc.reads++;
        return doc.value;
      },
      set cookie(line: string) {
        doc.writes.push(line);
        const [pair] = line.split(';');
        doc.value = [doc.value, pair].filter(Boolean).join('; ');
      },
    };
    return doc;
  }

  it('the opt-out and device ID reads of one task share one read; a write or the next task reads again', async () => {
    const doc = countingDocument(`ar_uuid_acme=${UUID}`);
    const devices = deviceIdCookie(doc as unknown as Document, 'acme');
    const optOut = optOutCookie(doc as unknown as Document, 'acme');
    expect(optOut.read()).toBe(false);
    expect(devices.read()).toBe(UUID);
    expect(doc.reads).toBe(1);
    optOut.write();
    expect(optOut.read()).toBe(true);
    expect(doc.reads).toBe(2);
    await nextTask();
    expect(devices.read()).toBe(UUID);
    expect(doc.reads).toBe(3);
  });

  it('writing the ID it already holds touches nothing; a new ID is written once', async () => {
    const doc = countingDocument(`ar_uuid_acme=${UUID}`);
    const devices = deviceIdCookie(doc as unknown as Document, 'acme');
    devices.read();
    await nextTask();
    const reads = doc.reads;
    devices.write(UUID);
    expect(doc.reads).toBe(reads);
    expect(doc.writes).toEqual([]);
    devices.write('8'.repeat(38));
    devices.write('8'.repeat(38));
    expect(doc.writes).toHaveLength(1);
    expect(doc.writes[0]).toMatch(/^ar_uuid_acme=8{38}; Max-Age=15552000; Path=\/; SameSite=Lax; Secure$/);
    // Removed by the same write, expired: a negative Max-Age is in the past in every cookie jar.
    devices.clear();
    expect(doc.writes[1]).toBe('ar_uuid_acme=; Max-Age=-1; Path=/; SameSite=Lax; Secure');
  });
});

describe('in a secure context: __Host- names, which no other host of the site can set', () => {
  function recordingDocument(initial: string, protocol: string) {
    const doc = { writes: [] as string[], value: initial, location: { protocol } };
    Object.defineProperty(doc, 'cookie', {
      get: () => doc.value,
      set: (line: string) => void doc.writes.push(line),
    });
    return doc as unknown as Document & { writes: string[] };
  }

  it('reads only the __Host- copy: a site-wide ar_uuid_ or ar_optout_ cookie a sibling host tossed is not ours', async () => {
    const tossed = `ar_uuid_acme=${'1'.repeat(38)}; ar_optout_acme=1`;
    expect(deviceIdCookie(recordingDocument(tossed, 'http:'), 'acme', true).read()).toBeNull();
    expect(optOutCookie(recordingDocument(tossed, 'http:'), 'acme', true).read()).toBe(false);
    await nextTask();
    const own = recordingDocument(`ar_uuid_acme=${'1'.repeat(38)}; __Host-ar_uuid_acme=${UUID}; __Host-ar_optout_acme=1`, 'http:');
    expect(deviceIdCookie(own, 'acme', true).read()).toBe(UUID);
    expect(optOutCookie(own, 'acme', true).read()).toBe(true);
  });

  it('writes them Secure, Path=/ and without Domain, as the prefix requires, on http://localhost too', () => {
    const doc = recordingDocument('', 'http:');
    deviceIdCookie(doc, 'acme', true).write(UUID);
    optOutCookie(doc, 'acme', true).write();
    expect(doc.writes).toEqual([
      `__Host-ar_uuid_acme=${UUID}; Max-Age=15552000; Path=/; SameSite=Lax; Secure`,
      '__Host-ar_optout_acme=1; Max-Age=34560000; Path=/; SameSite=Lax; Secure',
    ]);
  });
});
