import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError, type ExpmonError } from '@expmon/core';
import { GaugeOverrangeError, Tpg261 } from '@expmon/driver-arduino';
import { SocatPtyPair, Tpg261Simulator, type Tpg261ScriptedAnswer } from '@expmon/driver-arduino/simulator';
import { lineProtocol } from './lineProtocol.js';

// Table-driven: each test/cases/tpg261-*/ folder holds what the controller sends
// (answer.json: the ACK and measurement line, split writes) and the expected line protocol,
// error or problem. Real ptys through socat.
const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const cases = readdirSync(casesDir).filter((d) => d.startsWith('tpg261-'));

describe('TPG261 over a socat pty pair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'expmon-tpg261-'));
  const pair = new SocatPtyPair({ dir });
  let sim: Tpg261Simulator;
  let gauge: Tpg261;
  const problems: ExpmonError[] = [];

  beforeAll(async () => {
    await pair.start();
    sim = new Tpg261Simulator({ path: pair.devicePath, pressure: 4.2e-7 });
    await sim.start();
    gauge = new Tpg261({ path: pair.hostPath, name: 'chamber_pressure', timeoutMs: 300 });
    gauge.problems.subscribe((p) => problems.push(p));
  });
  afterAll(async () => {
    await gauge.close();
    await sim.stop();
    await pair.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has cases', () => expect(cases.length).toBeGreaterThan(10));

  for (const name of cases) {
    it(name, async () => {
      const read = (f: string): string | undefined => {
        const p = join(casesDir, name, f);
        return existsSync(p) ? readFileSync(p, 'utf8').replaceAll('PTY', pair.hostPath).trim() : undefined;
      };
      sim.script(JSON.parse(read('answer.json')!) as Tpg261ScriptedAnswer);
      problems.length = 0;
      const result = await gauge.read().then(
        (readings) => ({ readings }),
        (error: Error) => ({ error }),
      );
      const expectedErr = read('expected.err');
      if (expectedErr !== undefined) {
        expect('error' in result).toBe(true);
        const e = (result as { error: Error }).error;
        expect(`${e.name}: ${e.message}`).toBe(expectedErr);
      } else {
        if ('error' in result) throw result.error;
        expect(result.readings.map(lineProtocol).join('\n')).toBe(read('expected.lp') ?? '');
      }
      expect(problems.map((p) => `${p.name}: ${p.message}`).join('\n')).toBe(read('expected.problems') ?? '');
      // The gauge goes on: the next read (default answer) works.
      expect((await gauge.read())[0]!.fields.value).toBe(4.2e-7);
    });
  }

  it('status errors are typed and carry the status code', async () => {
    sim.status = 2;
    problems.length = 0;
    expect(await gauge.read()).toEqual([]);
    expect(GaugeOverrangeError.isInstance(problems[0])).toBe(true);
    expect((problems[0] as GaugeOverrangeError).status).toBe(2);
    sim.status = 0;
  });

  it('a late answer from a timed-out exchange is skipped, not taken for the ACK', async () => {
    sim.script({ drop: true });
    await expect(gauge.read()).rejects.toThrow(/no measurement/);
    await sim.send('0,+9.9000E-01\r\n'); // the late line
    await new Promise((r) => setTimeout(r, 50));
    expect((await gauge.read())[0]!.fields.value).toBe(4.2e-7);
    expect(gauge.unexpectedLines).toBeGreaterThanOrEqual(1);
  });

  it('the port disappearing errors the source; it reopens when the port comes back', async () => {
    await pair.stop();
    const gone = await gauge.read().catch((e: unknown) => e);
    expect(DeviceError.isInstance(gone)).toBe(true);
    expect((gone as DeviceError).disconnected).toBe(true);
    await pair.start();
    await sim.waitOpen();
    sim.pressure = 3e-8;
    expect((await gauge.read())[0]!.fields.value).toBe(3e-8);
  });

  it('bad options throw ConfigError naming the option', () => {
    expect(() => new Tpg261({ path: '/x', name: '' })).toThrow(/Tpg261.name/);
    expect(() => new Tpg261({ path: '', name: 'g' })).toThrow(/Tpg261\(g\).path/);
    expect(() => new Tpg261({ path: '/x', name: 'g', gauge: 3 as 1 })).toThrow(/Tpg261\(g\).gauge/);
  });
});
