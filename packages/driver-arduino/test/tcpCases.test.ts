import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpmonError } from '@expmon/core';
import { ArduinoAdc } from '@expmon/driver-arduino';
import { AdcTcpSimulator, type AdcTcpAnswer } from '@expmon/driver-arduino/simulator';
import { lineProtocol } from './lineProtocol.js';

// Table-driven: each test/cases/tcp-*/ folder holds the bytes the board sends (answer.hex),
// how it sends them (script.json: chunks, pauses, delay, hang) and the expected line
// protocol (expected.lp), problems (expected.problems) or error (expected.err).
const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const cases = readdirSync(casesDir).filter((d) => d.startsWith('tcp-'));

describe('adc.ino over real loopback TCP: device cases', () => {
  const sim = new AdcTcpSimulator();
  let port = 0;
  beforeAll(async () => {
    ({ port } = await sim.start());
  });
  afterAll(() => sim.stop());

  it('has cases', () => expect(cases.length).toBeGreaterThan(8));

  for (const name of cases) {
    it(name, async () => {
      const dir = join(casesDir, name);
      const read = (f: string): string | undefined =>
        existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').replaceAll('PORT', String(port)) : undefined;
      const hex = (read('answer.hex') ?? '').replace(/\s+/g, '');
      const script: AdcTcpAnswer = JSON.parse(read('script.json') ?? '{}');
      sim.script({ ...script, bytes: Buffer.from(hex, 'hex') });

      const adc = new ArduinoAdc({ host: '127.0.0.1', port, connectTimeoutMs: 1000, readTimeoutMs: 1000 });
      const channels = [
        adc.channel(0, { name: 'a0' }),
        adc.channel(2, { name: 'a2' }),
        adc.channel(11, { name: 'a11', validVolts: [0.1, 3.25] }),
      ];
      const problems: ExpmonError[] = [];
      const subs = channels.map((c) => c.problems.subscribe((p) => problems.push(p)));
      const connectionsBefore = sim.connections;
      const results = await Promise.allSettled(channels.map((c) => c.read()));
      subs.forEach((s) => s.unsubscribe());
      // One connection serves every channel.
      expect(sim.connections - connectionsBefore).toBe(1);

      const expectedErr = read('expected.err');
      if (expectedErr !== undefined) {
        for (const r of results) {
          expect(r.status).toBe('rejected');
          const e = (r as PromiseRejectedResult).reason as Error;
          expect(`${e.name}: ${e.message}`).toBe(expectedErr.trim());
        }
        return;
      }
      const lines = results.flatMap((r) => {
        if (r.status === 'rejected') throw r.reason;
        return r.value.map(lineProtocol);
      });
      expect(lines.join('\n')).toBe((read('expected.lp') ?? '').trim());
      const expectedProblems = read('expected.problems');
      expect(problems.map((p) => `${p.name}: ${p.message}`).join('\n')).toBe((expectedProblems ?? '').trim());
    });
  }
});
