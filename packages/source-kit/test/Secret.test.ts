import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveSecret, type Secret } from '@expmon/source-kit';

const dir = mkdtempSync(join(tmpdir(), 'expmon-secret-'));
const errorOf = (f: () => unknown): ConfigError => {
  try {
    f();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('no error thrown');
};

describe('resolveSecret', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an environment variable (process.env by default)', () => {
    expect(resolveSecret({ env: 'EXPMON_TEST_KEY' }, 'EatonUps(ups).user.authKey', { env: { EXPMON_TEST_KEY: 'k3y' } })).toBe('k3y');
    process.env.EXPMON_TEST_SECRET_CORE = 'from-process';
    try {
      expect(resolveSecret({ env: 'EXPMON_TEST_SECRET_CORE' }, 'sinks[0].token')).toBe('from-process');
    } finally {
      delete process.env.EXPMON_TEST_SECRET_CORE;
    }
  });

  it('reads the first line of a file, trimmed', () => {
    writeFileSync(join(dir, 'pw'), '  hunter2 \r\nsecond line\n');
    expect(resolveSecret({ file: join(dir, 'pw') }, 'sinks[0].password')).toBe('hunter2');
  });

  it('leaves an absent secret absent', () => {
    expect(resolveSecret(undefined, 'sinks[0].token')).toBeUndefined();
  });

  it('an unset or empty variable names the config file and the field', () => {
    const e = errorOf(() => resolveSecret({ env: 'EXPMON_TEST_UNSET' }, 'sinks[0].token', { file: 'lab.config.ts', env: { EXPMON_TEST_UNSET: '' } }));
    expect(e.message).toBe('lab.config.ts: sinks[0].token: environment variable EXPMON_TEST_UNSET is not set');
    expect(e.field).toBe('sinks[0].token');
  });

  it('a missing or empty file names the field and the file', () => {
    expect(errorOf(() => resolveSecret({ file: join(dir, 'absent') }, 'CameraDisplay(gauge).picture.password')).message).toBe(
      `CameraDisplay(gauge).picture.password: cannot read secret file ${join(dir, 'absent')}: ENOENT`,
    );
    writeFileSync(join(dir, 'empty'), '\n');
    expect(errorOf(() => resolveSecret({ file: join(dir, 'empty') }, 'EatonUps(ups).community')).message).toBe(
      `EatonUps(ups).community: secret file ${join(dir, 'empty')} is empty`,
    );
  });

  it('a literal is refused without printing it', () => {
    const e = errorOf(() => resolveSecret('literal-s3cret' as unknown as Secret, 'EatonUps(ups).user.privKey'));
    expect(e.message).toMatch(/^EatonUps\(ups\)\.user\.privKey: must be \{ env: "VARIABLE" \} or \{ file: "\/path" \}/);
    expect(e.message).not.toContain('literal-s3cret');
    expect(errorOf(() => resolveSecret({ path: '/x' } as unknown as Secret, 'f')).message).toBe('f: must be { env: "VARIABLE" } or { file: "/path" }');
  });
});
