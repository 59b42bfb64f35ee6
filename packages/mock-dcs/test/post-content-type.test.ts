// Audience Manager's "DCS API Methods" (experienceleague.adobe.com/en/docs/audience-manager/
// user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-api-methods): "Note the requirements for
// sending data using the POST method: the maximum allowed size is 32K; set the content type to
// application/x-www-form-urlencoded." The emulator read any POST body as a form, so a client that
// forgot the type (a string given to navigator.sendBeacon goes as text/plain) passed QA.
import { describe, expect, it } from 'vitest';
import { call, mockDcsPerFile } from './helpers';

const dcs = mockDcsPerFile({
  defaultPartner: 'acme',
  partners: { acme: { allowedOrigins: ['https://www.publisher.example'], traits: [{ id: 1001, rule: 'c_section == "sports"' }], segments: [{ id: 5001, rule: '1001T' }] } },
});
const post = (body: string, contentType?: string, query = '') =>
  call(dcs().port, `/event${query}`, { method: 'POST', body, ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }) });

describe('POST /event and its Content-Type (DCS API Methods)', () => {
  it('reads a form body, whatever the case and parameters of the type', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'Application/X-WWW-Form-Urlencoded; charset=UTF-8']) {
      const reply = await post('d_rtbd=json&d_cts=2&c_section=sports', type);
      expect(reply.json()).toMatchObject({ segments: [5001] });
      expect(reply.json().errors).toBeUndefined();
    }
  });

  it('reads no parameter from a body of another type (text/plain, JSON, none), and says why in X-Error 0', async () => {
    for (const type of ['text/plain;charset=UTF-8', 'application/json', undefined]) {
      const pixel = await post('d_rtbd=json&d_cts=2&c_section=sports', type);
      // d_rtbd=json was in the ignored body: the answer is the GIF.
      expect(pixel.headers['content-type']).toBe('image/gif');
      expect(pixel.headers['x-error']).toBe('0');
      expect(dcs().requests().at(-1)).toMatchObject({ signals: {}, errors: [0], errorMessages: [expect.stringMatching(/^Unspecified error: POST body ignored: its Content-Type is .*not application\/x-www-form-urlencoded/)] });
    }
    // The query string still counts: the answer is JSON, without the body's signals.
    const json = (await post('c_section=sports', 'text/plain', '?d_rtbd=json&d_cts=2')).json();
    expect(json).toMatchObject({ traits: [], segments: [], errors: [{ code: 0, msg: expect.stringContaining('"text/plain"') }] });
  });
});
