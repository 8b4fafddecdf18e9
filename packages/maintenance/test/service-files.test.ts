import { describe, expect, it } from 'vitest';
import { maskEnvironment, parseEnvironmentFile, renderEnvironmentFile } from '../src/service/environmentFile.js';
import { planService } from '../src/service/planService.js';
import { systemdEscape, systemdValue } from '../src/service/systemdEscape.js';

const base = { configPath: '/srv/lab/lab.config.ts', shutdownTimeoutMs: 10_000, user: 'expmon', nodePath: '/usr/bin/node', cliPath: '/srv/lab/node_modules/@expmon/runner/dist/cli.js' };

describe('systemd quoting', () => {
  it.each([
    ['/usr/bin/node', '/usr/bin/node'],
    ['/srv/my lab/x.ts', '"/srv/my lab/x.ts"'],
    ['50%', '50%%'],
    ['$HOME', '$$HOME'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['', '""'],
  ])('%s → %s', (word, quoted) => {
    expect(systemdEscape(word)).toBe(quoted);
  });

  it('refuses line breaks (they would start a new setting)', () => {
    expect(() => systemdEscape('a\nExecStartPre=/bin/rm -rf /')).toThrow(/line break/);
    expect(() => systemdValue('x\ny')).toThrow(/line break/);
  });
});

describe('environment file', () => {
  it('parses comments, export, quotes; renders values that parse back identically', () => {
    const vars = parseEnvironmentFile(
      ['# c', '; c', '', 'A=plain value', 'export B = "dq \\"x\\" \\$y"', "C='sq # not a comment'", 'D='].join('\n'),
    );
    expect(Object.fromEntries(vars)).toEqual({ A: 'plain value', B: 'dq "x" $y', C: 'sq # not a comment', D: '' });
    expect(parseEnvironmentFile(renderEnvironmentFile(vars))).toEqual(vars);
  });

  it('names the bad line, never its value', () => {
    expect(() => parseEnvironmentFile('A=1\nB="unterminated s3cret', 'x.env')).toThrow('x.env, line 2: unterminated " quote');
    expect(() => parseEnvironmentFile('1A=s3cret', 'x.env')).toThrow(/^x\.env, line 1: expected NAME=VALUE/);
    let message = '';
    try {
      parseEnvironmentFile('B="s3cret\\"');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('environment file, line 1: unterminated " quote');
  });

  it('refuses values with line breaks and masks every value', () => {
    expect(() => renderEnvironmentFile(new Map([['A', 'x\nB=y']]))).toThrow(/A: a value cannot contain a line break/);
    expect(maskEnvironment(new Map([['TOKEN', 'abc'], ['URL', 'http://x']]))).toBe('TOKEN=<hidden>\nURL=<hidden>\n');
  });
});

describe('planService', () => {
  it('defaults: unit expmon, data in /var/lib/expmon as a StateDirectory, stop timeout = shutdown + 15 s', () => {
    const plan = planService(base);
    expect(plan.unitPath).toBe('/etc/systemd/system/expmon.service');
    expect(plan.environmentPath).toBe('/etc/expmon/expmon.env');
    expect(plan.dataDir).toBe('/var/lib/expmon');
    expect(plan.stateDirectory).toBe(true);
    expect(plan.unit).toContain('TimeoutStopSec=25s');
    expect(plan.unit).toContain('ExecStart=/usr/bin/node /srv/lab/node_modules/@expmon/runner/dist/cli.js run /srv/lab/lab.config.ts --data-dir /var/lib/expmon');
  });

  it('refuses a data folder that is a system folder, and relative paths', () => {
    expect(() => planService({ ...base, dataDir: '/var/lib' })).toThrow(/choose a folder of its own/);
    expect(() => planService({ ...base, dataDir: 'data' })).toThrow(/absolute/);
    expect(() => planService({ ...base, configPath: 'lab.config.ts' })).toThrow(/configPath must be an absolute path/);
  });
});
