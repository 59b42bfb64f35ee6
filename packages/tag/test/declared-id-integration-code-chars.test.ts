// fidelity6: an integration code with a reserved character ('+', '=', a space) is refused, though
// Audience Manager tells developers to URL-encode integration codes for exactly that case:
// "You must URL encode the user ID and integration code before concatenating them into a
// string ... URL encoding assures that your user IDs and integration codes that contain
// reserved or unsafe characters such as, but not limited to, + or = are transmitted correctly
// to our servers" ("CID Replaces DPID and DPUUID", Important Considerations for Development
// Teams: https://experienceleague.adobe.com/docs/audience-manager/user-guide/reference/cid.html).
// The data source's Integration Code field has no documented character rule ("Manage Data
// Sources"). The tag accepts only [A-Za-z0-9_.-] (protocol/src/messages.ts isDeclaredIdSource),
// so ids({ code: 'crm+eu', dpuuid }) is BAD_REQUEST and a publisher whose data source has such a
// code cannot declare IDs by it; the query builder already encodes each field before joining
// with %01 (event-query.ts), as the document asks.
// Fixed in packages/protocol/src/messages.ts isDeclaredIdSource (any 1-100 printable characters of
// well-formed Unicode for a string source; the `%01` separator is safe, as each field is encoded).
import { buildEventQuery } from '@audience-relay/protocol';
import { describe, expect, it } from 'vitest';
import { normalizeDeclaredIds } from '../src/signals';

describe("an integration code with '+' or '=' (AM: URL-encode integration codes with reserved characters)", () => {
  it('ids({ code: "crm+eu", dpuuid }) is taken', () => {
    expect(normalizeDeclaredIds({ code: 'crm+eu', dpuuid: 'u-1' })).toEqual([{ source: 'crm+eu', id: 'u-1', authState: null }]);
  });

  it('(the query builder encodes the code before joining with %01, as AM asks)', () => {
    const query = buildEventQuery({ params: { signals: {}, traits: [], uuid: null, coppa: false, ids: [{ source: 'crm+eu', id: 'u=1', authState: null }], url: null }, deviceId: null });
    expect(query.split('&')).toContain('d_cid_ic=crm%2Beu%01u%3D1');
  });
});
