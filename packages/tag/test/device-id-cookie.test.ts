// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { deviceIdCookie } from '../src/device-id-cookie';

const UUID = '7'.repeat(38);

afterEach(() => {
  for (const name of ['ar_uuid_acme', 'ar_uuid_globex']) document.cookie = `${name}=; Max-Age=0; Path=/`;
});

describe('first-party device ID cookie', () => {
  it('writes the device ID for its partner and reads it back', () => {
    const acme = deviceIdCookie(document, 'acme');
    expect(acme.read()).toBeNull();
    acme.write(UUID);
    expect(acme.read()).toBe(UUID);
    expect(document.cookie).toContain(`ar_uuid_acme=${UUID}`);
    expect(deviceIdCookie(document, 'globex').read()).toBeNull();
  });

  it('never writes anything but a 38-digit ID: no cookie attribute can be smuggled in', () => {
    const acme = deviceIdCookie(document, 'acme');
    acme.write(`${UUID}; Domain=evil.example`);
    acme.write('123');
    expect(acme.read()).toBeNull();
  });
});
