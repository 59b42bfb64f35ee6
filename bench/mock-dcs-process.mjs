// @ts-check
// mock-dcs in a process of its own, as the bench measures it: the load generator does not
// share its event loop, and its memory is its own.
import { spawn } from 'node:child_process';

/**
 * Starts the mock-dcs CLI on an OS-assigned port and resolves once it prints its URL.
 * @param {string[]} args CLI arguments after `--port 0 --quiet`
 * @param {string[]} [nodeArgs] Node options, e.g. `--expose-gc`
 * @returns {Promise<{ port: number, child: import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, null> }>}
 */
export async function startMockDcsProcess(args, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, 'packages/mock-dcs/bin/mock-dcs.js', '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    /** @type {number} */
    const port = await new Promise((resolve, reject) => {
      child.stdout.once('data', (chunk) => {
        const match = /:(\d+) /.exec(String(chunk));
        if (match) resolve(Number(match[1]));
        else reject(new Error(`unexpected mock-dcs output: ${chunk}`));
      });
      child.once('exit', (code) => reject(new Error(`mock-dcs exited with ${code}`)));
    });
    child.stdout.resume();
    return { port, child };
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
}
