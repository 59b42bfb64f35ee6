// attack16 (outside review): the page's privacy signals changed between the frame's mount and
// the tag's `boot` request (a US Privacy CMP loaded after the tag answered `1YYN`). The boot call
// was made with the signals of the mount; the tag's request, with those of now, must still get
// that answer (no second page view at the DCS), and the restriction must hold for it: no ID
// sync, no URL destination, no cookie destination. Before the fix the frame took the boot answer
// only for identical params (the tag sent the mount's, unrestricted) and fired everything.
import { describe, expect, it } from 'vitest';
import { encodeBootCall, type EventParams, type Privacy } from '@audience-relay/protocol';
import { createEventHandler, createRequestHandler, startBootCall } from '../src/index';
import { fakeFrameServices } from './fake-frame-services';

const PAGE = 'https://publisher.example';
const OPEN: Privacy = { gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false };
const OPTED_OUT_OF_SALE: Privacy = { ...OPEN, usPrivacy: '1YYN', restricted: true };
const atMount: EventParams = { signals: { c_section: ['sports'] }, traits: [], uuid: null, coppa: false, ids: [], url: 'https://publisher.example/a', privacy: OPEN };

function frame() {
  const { s: services, calls, fired } = fakeFrameServices();
  const handleEvent = createEventHandler(services);
  const boot = startBootCall(`#${encodeBootCall(atMount, 'page-1')}`, [PAGE], new Set([PAGE]), handleEvent);
  const answer = createRequestHandler({ handleEvent: (p, sent) => handleEvent(p, undefined, sent), optOut: async () => Promise.reject(new Error('unused')), boot });
  return { answer, calls, fired };
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve));

describe('boot request with the privacy signals of now', () => {
  it('a US opt-out of sale read since the mount: the boot answer, once, with nothing for partners', async () => {
    const { answer, calls, fired } = frame();
    const result = await answer({ ...atMount, privacy: OPTED_OUT_OF_SALE }, 'boot');
    expect(result.segments).toEqual(['5001']);
    // The page view once: the boot call (a second call would count it twice).
    expect(calls).toHaveLength(1);
    expect(result.cookies).toEqual([]);
    await nextTask();
    expect(fired).toEqual([]);
  });

  it('control: the same signals as at the mount fire the ID sync and the destination', async () => {
    const { answer, calls, fired } = frame();
    const result = await answer(structuredClone(atMount), 'boot');
    expect(calls).toHaveLength(1);
    expect(result.cookies).toHaveLength(1);
    await nextTask();
    expect(fired).toEqual(['https://sync.example/p', 'https://px.example/s']);
  });
});
