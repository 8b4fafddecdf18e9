// Device cases as data: test/cases/<case>/snmpget.txt is what `snmpget -On` printed for the
// driver's OIDs (a lab can capture its own UPS and add a folder), options.json the driver
// options, expected.lp the line protocol written (or expected.err the error:
// `<class> <snmpError> <oid>`, and expected.problems for dropped values).
// EXPMON_UPDATE_CASES=1 writes the expected files (review them before committing).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readingToLine } from '@expmon/store';
import {
  decodeUpsStatus,
  upsMibOids,
  upsReadings,
  xupsMibOids,
  type SnmpAnswer,
  type SnmpUpsOptions,
} from '@expmon/driver-eaton';

const CASES = fileURLToPath(new URL('./cases/', import.meta.url));
const TIME = 1764288000000; // 2025-11-28T00:00:00Z
const UPDATE = process.env.EXPMON_UPDATE_CASES === '1';

// net-snmp's ObjectType tags
const TYPES: Record<string, number> = { INTEGER: 2, Gauge32: 66, Counter32: 65, STRING: 4, 'Hex-STRING': 4, Timeticks: 67, OID: 6, Counter64: 70 };

/** Parses `snmpget -On` output (no MIBs loaded) into varbinds as net-snmp would give them. */
function parseSnmpget(text: string): Map<string, SnmpAnswer> {
  const answers = new Map<string, SnmpAnswer>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^\.?([\d.]+) = (.*)$/.exec(line);
    if (!m) throw new Error(`cannot parse: ${line}`);
    const [, oid = '', rest = ''] = m;
    if (rest.startsWith('No Such Object')) answers.set(oid, { oid, type: 128, value: null });
    else if (rest.startsWith('No Such Instance')) answers.set(oid, { oid, type: 129, value: null });
    else {
      const t = /^([\w-]+): (.*)$/.exec(rest);
      if (!t) throw new Error(`cannot parse value: ${line}`);
      const [, typeName = '', raw = ''] = t;
      const type = TYPES[typeName];
      if (type === undefined) throw new Error(`unknown type ${typeName}`);
      const value = type === 4 ? Buffer.from(raw.replace(/^"|"$/g, '')) : Number(/\((-?\d+)\)$/.exec(raw)?.[1] ?? raw);
      answers.set(oid, { oid, type, value });
    }
  }
  return answers;
}

const cases = readdirSync(CASES).filter((d) => existsSync(join(CASES, d, 'snmpget.txt')));

describe('UPS device cases', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7);
  });

  it.each(cases)('%s', (name) => {
    const dir = join(CASES, name);
    const options = JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as Partial<SnmpUpsOptions> & {
      driver: 'EatonUps' | 'SnmpUps';
    };
    const answers = parseSnmpget(readFileSync(join(dir, 'snmpget.txt'), 'utf8'));
    const eaton = options.driver === 'EatonUps';
    let actual: string;
    let problems = '';
    try {
      const decoded = decodeUpsStatus(answers, {
        host: 'ups.example',
        port: 161,
        ups: upsMibOids(options.inputLine ?? 1, options.outputLine ?? 1),
        xups: eaton ? xupsMibOids(options.inputLine ?? 1, options.outputLine ?? 1) : undefined,
      });
      const readings = upsReadings(decoded.status, {
        schema: options.schema ?? 'fields',
        measurement: options.measurement ?? options.name ?? 'ups',
        name: options.name ?? 'ups',
        tags: options.tags ?? {},
        integerValues: options.integerValues ?? false,
        time: TIME,
      });
      actual = readings.map((r) => readingToLine(r)).join('\n') + '\n';
      problems = decoded.problems.map((p) => `${p.name} ${p.snmpError} ${p.oid ?? ''}\n`).join('');
      if (UPDATE) {
        writeFileSync(join(dir, 'expected.lp'), actual);
        if (problems) writeFileSync(join(dir, 'expected.problems'), problems);
      }
      expect(existsSync(join(dir, 'expected.err')), 'expected an error').toBe(false);
      expect(actual).toBe(readFileSync(join(dir, 'expected.lp'), 'utf8'));
      const expectedProblems = existsSync(join(dir, 'expected.problems')) ? readFileSync(join(dir, 'expected.problems'), 'utf8') : '';
      expect(problems).toBe(expectedProblems);
    } catch (error) {
      if (!(error instanceof Error) || !('snmpError' in error)) throw error;
      const e = error as Error & { snmpError: string; oid?: string };
      actual = `${e.name} ${e.snmpError} ${e.oid ?? ''}\n`;
      if (UPDATE) writeFileSync(join(dir, 'expected.err'), actual);
      expect(actual).toBe(readFileSync(join(dir, 'expected.err'), 'utf8'));
    }
  });
});
