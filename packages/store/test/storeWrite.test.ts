import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReading } from '@expmon/core';
import { FileSink } from '../src/sinks/FileSink.js';
import { Store } from '../src/Store.js';

// Store.write as a lab script uses it, through the real local log into a FileSink's files.
describe('Store.write', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-storewrite-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a reading with a newline in a string field on one line: every reading arrives whole, and the counts add up', async () => {
    const lp = join(dir, 'lp');
    const store = await Store.open({ dataDir: join(dir, 'data'), sinks: [new FileSink({ dir: lp })] });
    store.write([
      createReading('lab_temp', 21.5, { unit: '°C', time: 1_764_288_000_000 }),
      { measurement: 'logbook', fields: { note: 'pump off\nvalve closed' }, tags: {}, time: 1_764_288_000_001 },
      createReading('lab_temp', 21.6, { unit: '°C', time: 1_764_288_000_002 }),
    ]);
    const counts = await store.close();
    expect(counts).toMatchObject({ produced: 3, shipped: 3, waiting: 0 });
    const files = await readdir(lp);
    const lines = (await Promise.all(files.map((f) => readFile(join(lp, f), 'utf8'))))
      .join('')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#')); // the influx -import header
    expect(lines).toEqual([
      'lab_temp,unit=°C value=21.5 1764288000000',
      'logbook note="pump off\\nvalve closed" 1764288000001',
      'lab_temp,unit=°C value=21.6 1764288000002',
    ]);
  });
});
