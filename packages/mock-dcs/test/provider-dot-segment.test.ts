// A synced provider ID is the provider's to choose (its ID sync redirect), and it goes into
// the provider's URL template. As a path segment, `..` or `.` would send the DCS's call to
// another path of the provider (`/v1/users/../segments` is `/v1/segments`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callProviders } from '../src/providers/call-providers';
import { startProviderStub, type ProviderStub } from './provider-stub';

let stub: ProviderStub;
const paths: string[] = [];

beforeAll(async () => {
  stub = await startProviderStub();
  stub.handle = (req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"segments":["x"]}');
  };
});
afterAll(() => stub.close());

describe('content providers: a synced ID never walks the provider URL', () => {
  const provider = () => ({ id: 1, dpid: 777, url: `${stub.url}/v1/users/\${DPUUID}/segments`, timeoutMs: 2000 });
  const run = (id: string) => callProviders([provider()] as never, new Map([[777, id]]), '1'.repeat(38), { forceTimeout: false, privacy: { withheld: null, params: [] } as never });

  it.each(['..', '.'])('%s: no call', async (id) => {
    paths.length = 0;
    // callProviders settles once every call it made was answered: what the stub got is final.
    await expect(run(id)).resolves.toEqual([]);
    expect(paths).toEqual([]);
  });

  it('control: other IDs, dots inside included, are called at their own path', async () => {
    paths.length = 0;
    await run('a..b');
    await run('...');
    expect(paths).toEqual(['/v1/users/a..b/segments', '/v1/users/.../segments']);
  });
});
