// The frame against Adobe's real DCS: an /event answer in the shape demdex.net gives it (a
// captured answer, IDs and hosts changed). Its sync URLs start with `//` (the page's scheme,
// as Adobe's destination iframe resolves them), an entry may list several URLs, and entries
// carry fields the frame does not use (fireURLSync, syncOnPage, hr, dpcalls).
import { describe, expect, it } from 'vitest';
import { fireIdSyncs, parseEventResponse } from '../src/index';

const UUID = '53093872807307036121511309061167772037';
const captured = {
  dests: [{ hr: 1, id: '3084609-1596008265', y: 'img', c: '//px.partner.example/view?guid=ON' }],
  stuff: [{ cn: 'aam_seg', cv: 'seg=2450016', ttl: 30, dmn: '' }],
  uuid: UUID,
  dcs_region: 7,
  tid: 'sV1P2PgsT2s=',
  ibs: [
    { id: '21', ttl: 14400, tag: 'img', fireURLSync: 0, syncOnPage: 0, url: [`//aa.sync.example/g.pixel?sid=9&aam=${UUID}`] },
    { id: '411', ttl: 10080, tag: 'img', fireURLSync: 1, syncOnPage: 1, url: [`//cm.sync.example/dd?d_uuid=${UUID}`, `https://second.sync.example/p?u=${UUID}`] },
    { id: '771', ttl: 20160, tag: 'img', fireURLSync: 0, syncOnPage: 0, url: [`https://cm.g.sync.example/pixel?google_hm=${UUID}`] },
  ],
  dpcalls: [],
};

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('an /event answer as demdex.net gives it', () => {
  it('fires every ID sync, protocol-relative URLs on https (the frame is served over https)', () => {
    const parsed = parseEventResponse(captured, true);
    const fired: string[] = [];
    const ids = fireIdSyncs(parsed?.idSyncs ?? [], { now: () => 0, storage: memoryStorage(), fire: (url) => void fired.push(url) });
    expect(ids).toEqual(['21', '411', '771']);
    expect(fired).toEqual([
      `https://aa.sync.example/g.pixel?sid=9&aam=${UUID}`,
      `https://cm.sync.example/dd?d_uuid=${UUID}`,
      `https://second.sync.example/p?u=${UUID}`,
      `https://cm.g.sync.example/pixel?google_hm=${UUID}`,
    ]);
  });

  it('an http frame resolves them to http, as the page scheme would', () => {
    const parsed = parseEventResponse(captured, false);
    expect(parsed?.idSyncs[0]?.urls).toEqual([`http://aa.sync.example/g.pixel?sid=9&aam=${UUID}`]);
    expect(parsed?.destinations).toEqual([{ id: '3084609-1596008265', type: 'img', url: 'http://px.partner.example/view?guid=ON' }]);
  });

  it('a protocol-relative URL destination fires on https', () => {
    expect(parseEventResponse(captured, true)?.destinations).toEqual([{ id: '3084609-1596008265', type: 'img', url: 'https://px.partner.example/view?guid=ON' }]);
  });

  it('still fires nothing but http(s): a sync whose URLs are all of other schemes is dropped', () => {
    const body = {
      ibs: [
        { id: '1', ttl: 1, url: ['javascript:alert(1)', 'data:text/html,x', '/relative', 'ftp://a.example/x'] },
        { id: '2', ttl: 1, url: ['//ok.example/x'] },
      ],
    };
    expect(parseEventResponse(body, true)?.idSyncs).toEqual([{ id: '2', urls: ['https://ok.example/x'], ttl: 1 }]);
  });

  it('bounds what it keeps: sync IDs of at most 64 characters (letters, digits, - and _), at most 5 URLs per sync', () => {
    const body = {
      ibs: [
        { id: 'x'.repeat(65), ttl: 1, url: ['https://a.example/1'] },
        { id: 'a b', ttl: 1, url: ['https://a.example/2'] },
        { id: 'y'.repeat(64), ttl: 1, url: Array.from({ length: 8 }, (_, i) => `https://a.example/u${i}`) },
      ],
    };
    const syncs = parseEventResponse(body, true)?.idSyncs ?? [];
    expect(syncs.map((s) => s.id)).toEqual(['y'.repeat(64)]);
    expect(syncs[0]?.urls).toHaveLength(5);
  });
});
