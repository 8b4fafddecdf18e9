import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./fixtures/readOffline.mjs', import.meta.url));

// The trained data must come from node_modules (@tesseract.js-data/eng), never from the
// network (tesseract.js downloads from a CDN when langPath is not set). The proof: the built
// package reads a display inside a network namespace that has nothing but loopback
// (`unshare --net`, with --map-root-user so that it also works for a non-root user), so any
// request to another address fails. Uses dist/: build first.
describe('no network needed', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'expmon-camera-offline-'));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('the namespace really has only loopback', async () => {
    const { stdout } = await run('unshare', ['--map-root-user', '--net', 'sh', '-c', 'ip -o link show']);
    const links = stdout.trim().split('\n').map((l) => l.split(':')[1]!.trim());
    expect(links).toEqual(['lo']);
  });

  it('loads the trained data and reads a display with no network; writes no cache file', async () => {
    const { stdout, stderr } = await run('unshare', ['--map-root-user', '--net', 'sh', '-c', `ip link set lo up && exec node ${SCRIPT}`], {
      cwd,
      timeout: 60_000,
    });
    expect(JSON.parse(stdout), stderr).toEqual({ values: [2.3e-8], problems: [] });
    // cacheMethod 'none': tesseract.js would otherwise write eng.traineddata into the cwd.
    expect(await readdir(cwd)).toEqual([]);
  });
});
