// The handshake between the real tag bridge client and the real frame bridge server, in
// Node, through fake windows and real MessageChannels. (A cross-package test: it imports
// each side's source directly, which no package may do.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SUPPORTED_VERSIONS, type EventResult, type RelayError } from '@audience-relay/protocol';
import { startBridgeServer } from '../packages/frame/src/bridge-server';
import { embed, fakeWindow, testClient } from './fake-windows';

const PAGE = 'https://www.publisher.example';
const DCS = 'https://acme.dcs.example';
const result: EventResult = { uuid: null, segments: ['5001'], traits: [1001], cookies: [], identity: { source: 'new', partitioned: false } };
const stops: Array<() => void> = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function setup(options: { pageOrigin?: string; frameVersions?: { min: number; max: number }; framePartner?: string; allowed?: string[] } = {}) {
  const page = fakeWindow(options.pageOrigin ?? PAGE);
  const frame = fakeWindow(DCS);
  const views = embed(page, frame);
  const handleEvent = vi.fn(async () => result);
  const { client, onConnect, onFail, onOpen } = testClient(page, views.frameSeenByPage, DCS);
  const startFrame = () =>
    startBridgeServer({
      self: frame,
      parent: views.pageSeenByFrame,
      allowedOrigins: new Set(options.allowed ?? [PAGE]),
      partner: options.framePartner ?? 'acme',
      versions: options.frameVersions ?? SUPPORTED_VERSIONS,
      handleRequest: handleEvent,
    });
  const server = startFrame();
  stops.push(() => client.stop(), () => server.stop());
  return { page, frame, views, handleEvent, onConnect, onFail, onOpen, server, startFrame };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('handshake', () => {
  it('connects an allowed page and carries an event call over the private port', async () => {
    const { onConnect, handleEvent, server } = setup();
    await vi.waitFor(() => expect(onConnect).toHaveBeenCalledTimes(1));
    const [caller, version] = onConnect.mock.calls[0]!;
    expect(version).toBe(SUPPORTED_VERSIONS.max);
    expect(server.origin).toBe(PAGE);
    const params = { signals: { c_section: ['sports'] }, traits: [], uuid: null, coppa: false, ids: [], url: null };
    await expect(caller.call(params, 1000)).resolves.toEqual(result);
    expect(handleEvent).toHaveBeenCalledWith(params, 'event', PAGE, expect.any(Function));
  });

  it('a request sent when the port is offered (before the frame accepts) is answered right after the handshake', async () => {
    const { onOpen, onConnect, handleEvent } = setup();
    const params = { signals: { c_section: ['sports'] }, traits: [], uuid: null, coppa: false, ids: [], url: null };
    let early: Promise<EventResult> | null = null;
    let connectedYet: boolean | null = null;
    onOpen.mockImplementation((caller) => {
      connectedYet = onConnect.mock.calls.length > 0;
      early = caller.call(params, 1000, 'boot');
    });
    await vi.waitFor(() => expect(early).not.toBeNull());
    expect(connectedYet).toBe(false);
    await expect(early).resolves.toEqual(result);
    expect(handleEvent).toHaveBeenCalledWith(params, 'boot', PAGE, expect.any(Function));
    expect(onConnect).toHaveBeenCalledTimes(1);
  });

  it('a request sent early to a frame that refuses settles as DESTROYED, and onFail says why', async () => {
    const { onOpen, onFail, handleEvent } = setup({ framePartner: 'globex' });
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledTimes(1));
    const [caller] = onOpen.mock.calls[0]!;
    await expect(caller.call({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null }, 1000, 'boot')).rejects.toMatchObject({ code: 'DESTROYED' });
    expect(onFail).toHaveBeenCalledTimes(1);
    expect(handleEvent).not.toHaveBeenCalled();
  });

  it('the frame ignores a page at an origin the DCS does not allow', async () => {
    const { onConnect, handleEvent, server } = setup({ pageOrigin: 'https://publisher.example.evil' });
    await settle();
    expect(onConnect).not.toHaveBeenCalled();
    expect(handleEvent).not.toHaveBeenCalled();
    expect(server.origin).toBeNull();
  });

  it('the frame ignores a connect that does not come from its parent window', async () => {
    const { frame, handleEvent, server } = setup({ allowed: [] });
    const channel = new MessageChannel();
    stops.push(() => channel.port1.close());
    // A sibling window at an allowed origin: right origin, wrong source.
    frame.deliver({ ns: 'audience-relay', type: 'connect', version: 1, partner: 'acme' }, { origin: PAGE, source: {} }, '*', [
      channel.port2 as unknown as MessagePort,
    ]);
    await settle();
    expect(server.origin).toBeNull();
    expect(handleEvent).not.toHaveBeenCalled();
  });

  it('the tag ignores a hello from another window or from the wrong origin', async () => {
    const page = fakeWindow(PAGE);
    const target = { postMessage: vi.fn() };
    const { client } = testClient(page, target, DCS);
    stops.push(() => client.stop());
    const hello = { ns: 'audience-relay', type: 'hello', versions: { min: 1, max: 1 } };
    page.deliver(hello, { origin: DCS, source: {} }, '*');
    page.deliver(hello, { origin: 'https://acme.dcs.example.evil', source: target }, '*');
    page.deliver(hello, { origin: 'https://acme.dcs.example:444', source: target }, '*');
    await settle();
    expect(target.postMessage).not.toHaveBeenCalled();
    page.deliver(hello, { origin: DCS, source: target }, '*');
    await vi.waitFor(() => expect(target.postMessage).toHaveBeenCalledTimes(1));
    expect(target.postMessage.mock.calls[0]![1]).toBe(DCS);
  });

  it('the frame keeps its first connection: a later connect from the same page cannot take the port over', async () => {
    const { onConnect, frame, views, handleEvent } = setup();
    await vi.waitFor(() => expect(onConnect).toHaveBeenCalledTimes(1));
    // Another script on the host page: right window (the parent), right origin, its own port.
    const intruder = new MessageChannel();
    stops.push(() => intruder.port1.close());
    const heard: unknown[] = [];
    intruder.port1.onmessage = (event) => heard.push(event.data);
    frame.deliver({ ns: 'audience-relay', type: 'connect', version: 1, partner: 'acme' }, { origin: PAGE, source: views.pageSeenByFrame }, '*', [
      intruder.port2 as unknown as MessagePort,
    ]);
    await settle();
    expect(heard).toEqual([]);
    const [caller] = onConnect.mock.calls[0]!;
    await expect(caller.call({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null }, 1000)).resolves.toEqual(result);
    expect(handleEvent).toHaveBeenCalledTimes(1);
  });

  it('fails with VERSION_MISMATCH when tag and frame share no version', async () => {
    const { onFail, onConnect } = setup({ frameVersions: { min: 3, max: 4 } });
    await vi.waitFor(() => expect(onFail).toHaveBeenCalledTimes(1));
    expect(onFail.mock.calls[0]![0].code).toBe('VERSION_MISMATCH');
    expect(onConnect).not.toHaveBeenCalled();
  });

  it('fails with a clear error when the frame serves another partner', async () => {
    const { onFail } = setup({ framePartner: 'globex' });
    await vi.waitFor(() => expect(onFail).toHaveBeenCalledTimes(1));
    expect(onFail.mock.calls[0]![0].message).toContain('globex');
  });

  it('reconnects when the frame reloads; calls pending on the old port settle once, as DESTROYED', async () => {
    const { onConnect, server, startFrame, handleEvent } = setup();
    await vi.waitFor(() => expect(onConnect).toHaveBeenCalledTimes(1));
    const [oldCaller] = onConnect.mock.calls[0]!;
    handleEvent.mockImplementationOnce(() => new Promise(() => {}));
    const pending = oldCaller.call({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null }, 5000).then(
      () => 'answered',
      (error: RelayError) => error.code,
    );
    await settle();
    server.stop();
    const reloaded = startFrame();
    stops.push(() => reloaded.stop());
    await vi.waitFor(() => expect(onConnect).toHaveBeenCalledTimes(2));
    await expect(pending).resolves.toBe('DESTROYED');
    const [newCaller] = onConnect.mock.calls[1]!;
    await expect(newCaller.call({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null }, 1000)).resolves.toEqual(result);
  });
});
