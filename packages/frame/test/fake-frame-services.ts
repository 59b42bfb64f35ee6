import type { DcsClient, EventCall, FrameServices } from '../src/index';

/**
 * The frame's services with a fake DCS whose every answer gives device ID `answerUuid`, segment
 * 5001, a cookie destination, an ID sync and a URL destination; `fired` records the syncs and
 * destinations the frame fires, `calls` the calls it makes.
 */
export function fakeFrameServices(answerUuid: string | null = '3'.repeat(38), cookies = '', partitioned: boolean | null = true) {
  const calls: EventCall[] = [];
  const fired: string[] = [];
  const dcs: DcsClient = {
    event: async (call, sent) => {
      calls.push(call);
      // As the real client does: the request goes, then its answer comes.
      sent?.();
      return {
        result: { uuid: answerUuid, segments: ['5001'], traits: [1001], cookies: [{ name: 'aud_seg', value: 'seg=5001', days: 30, domain: '' }] },
        idSyncs: [{ id: '411', urls: ['https://sync.example/p'], ttl: 60 }],
        destinations: [{ id: '2523', type: 'img', url: 'https://px.example/s' }],
        region: null,
      };
    },
  };
  const s: FrameServices = {
    dcs,
    cookies: () => cookies,
    partitioned: Promise.resolve(partitioned),
    syncs: { now: () => 0, storage: null, fire: (url) => void fired.push(url) },
    fireDestination: (d) => void fired.push(d.url),
  };
  return { s, calls, fired };
}
