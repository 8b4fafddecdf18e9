import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, spawnRunner, waitFor } from '@expmon/test-servers';
import { COUNTING_CONFIG, recorded } from './recorded.js';

describe('SIGHUP', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-sighup-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('flushes every reading and exits 0, so that systemd (Restart=always) starts it again with the edited config', async () => {
    const record = join(dir, 'produced.jsonl');
    const dataDir = join(dir, 'data');
    const child = spawnRunner(['run', COUNTING_CONFIG, '--interval', '200ms', '--data-dir', dataDir], { env: { EXPMON_TEST_RECORD: record } });
    const done = collect(child, 60_000);
    await waitFor(() => {
      try {
        return recorded(record).length >= 6;
      } catch {
        return false;
      }
    }, { timeoutMs: 30_000, what: 'six readings' });
    child.kill('SIGHUP');
    const res = await done;
    expect(res.signal).toBeNull();
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('SIGHUP: flushing readings and exiting 0 so that the service manager restarts expmon-runner');
    // Exactly what was read is stored: nothing lost, nothing twice.
    const produced = recorded(record).length;
    const lp = readdirSync(join(dataDir, 'lp')).map((f) => readFileSync(join(dataDir, 'lp', f), 'utf8'));
    const stored = lp.join('').split('\n').filter((l) => l.startsWith('count_'));
    expect(stored).toHaveLength(produced);
  });
});
