// The frame against Adobe's real DCS: an /event answer in the shape demdex.net gives it (a
// captured answer, IDs and hosts changed). Its sync and destination URLs start with `//`
// (for the page's scheme, as Adobe's destination iframe fires them), and entries carry
// fields the frame does not use (fireURLSync, syncOnPage, hr, dpcalls).
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
    { id: '411', ttl: 10080, tag: 'img', fireURLSync: 1, syncOnPage: 1, url: [`//cm.sync.example/dd?d_uuid=${UUID}`] },
    { id: '771', ttl: 20160, tag: 'img', fireURLSync: 0, syncOnPage: 0, url: [`https://cm.g.sync.example/pixel?google_hm=${UUID}`] },
  ],
  dpcalls: [],
};

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('an /event answer as demdex.net gives it', () => {
  it('fires every ID sync, the //host ones as they are (an image takes the frame\'s scheme: e2e frame-outputs)', () => {
    const parsed = parseEventResponse(captured, true);
    const fired: string[] = [];
    const ids = fireIdSyncs(parsed?.idSyncs ?? [], { now: () => 0, storage: memoryStorage(), fire: (url) => void fired.push(url) });
    expect(ids).toEqual(['21', '411', '771']);
    expect(fired).toEqual([`//aa.sync.example/g.pixel?sid=9&aam=${UUID}`, `//cm.sync.example/dd?d_uuid=${UUID}`, `https://cm.g.sync.example/pixel?google_hm=${UUID}`]);
  });

  it('keeps a //host URL destination', () => {
    expect(parseEventResponse(captured, true)?.destinations).toEqual([{ id: '3084609-1596008265', type: 'img', url: '//px.partner.example/view?guid=ON' }]);
  });

  it('still fires nothing but http(s) or //host: a sync whose URL is of another scheme is dropped', () => {
    const body = {
      ibs: [
        { id: '1', ttl: 1, url: ['javascript:alert(1)'] },
        { id: '2', ttl: 1, url: ['data:text/html,x'] },
        { id: '3', ttl: 1, url: ['/relative'] },
        { id: '4', ttl: 1, url: ['//ok.example/x'] },
      ],
    };
    expect(parseEventResponse(body, true)?.idSyncs).toEqual([{ id: '4', urls: ['//ok.example/x'], ttl: 1 }]);
  });

  it('bounds what it keeps: a sync ID is a number or a string of at most 64 characters', () => {
    const body = {
      ibs: [
        { id: 'x'.repeat(65), ttl: 1, url: ['https://a.example/1'] },
        { id: false, ttl: 1, url: ['https://a.example/2'] },
        { ttl: 1, url: ['https://a.example/3'] },
        { id: 'y'.repeat(64), ttl: 1, url: ['https://a.example/4'] },
        { id: 7, ttl: 1, url: ['https://a.example/5'] },
      ],
    };
    expect(parseEventResponse(body, true)?.idSyncs.map((s) => s.id)).toEqual(['y'.repeat(64), '7']);
  });
});
