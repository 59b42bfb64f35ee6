// `npm start` (scripts/start.mjs) when a port it needs is taken: the commonest case is a
// second `npm start` while the first still runs. New-user trial (trial5): it said "A port is in
// use; set DCS_PORT / EXAMPLES_PORT / PROVIDER_PORT to free ones", naming neither the port nor
// the variable, so the person had to guess which of the three.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';

let busy: Server;
let port = 0;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

it('names the busy port and its variable', () => {
  const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, DCS_PORT: String(port), EXAMPLES_PORT: '0', PROVIDER_PORT: '0' },
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(`port ${port} (DCS_PORT) is in use`);
  expect(result.stderr).toContain('npm start');
});
