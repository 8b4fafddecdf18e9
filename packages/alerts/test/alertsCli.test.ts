import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRunner } from '@expmon/test-servers';
import type { WebhookPayload } from '../src/WebhookNotifier.js';
import { inspectPng, pngsOf, selfSignedCert, startSmtp, startWebhook } from './alertsSmtp.js';

const CONFIG = fileURLToPath(new URL('./fixtures/alerts.config.ts', import.meta.url));

/** The line protocol the runner stored in its file sink. */
function storedLines(dataDir: string): string[] {
  const dir = join(dataDir, 'lp');
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l !== ''));
}

describe('expmon-runner with alerts (built CLI, real SMTP and HTTP servers)', () => {
  let dir: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-alerts-cli-'));
    const tls = selfSignedCert(dir);
    smtp = await startSmtp({ secure: true, key: tls.key, cert: tls.cert, password: 'pa55-w0rd-in-env' });
    hook = await startWebhook();
    env = {
      EXPMON_TEST_SMTP_PORT: String(smtp.port),
      EXPMON_TEST_SMTP_CA: tls.certFile,
      EXPMON_TEST_SMTP_PASSWORD: 'pa55-w0rd-in-env',
      EXPMON_TEST_WEBHOOK_URL: hook.url,
    };
  });
  afterAll(async () => {
    await smtp.stop();
    await hook.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fires and resolves: e-mail with a chart, webhook, and expmon_alert readings stored; the password is never printed', async () => {
    const dataDir = join(dir, 'run');
    const res = await runRunner(['run', CONFIG, '--cycles', '9', '--data-dir', dataDir], { env });
    expect(res.code, res.stderr).toBe(0);
    expect(`${res.stdout}${res.stderr}`).not.toContain('pa55-w0rd-in-env');

    expect(smtp.mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/\] FIRING hot: tank_temp = 35 °C, above 30 °C$/),
      expect.stringMatching(/\] RESOLVED hot: back to normal: tank_temp = 20 °C \(fired [\dms ]+ ago\)$/),
    ]);
    expect(smtp.mails[0]!.raw).toContain('Open the cooling water valve.');
    const pngs = pngsOf(smtp.mails[0]!.raw);
    expect(pngs).toHaveLength(1);
    const img = inspectPng(pngs[0]!);
    expect(img.width).toBe(800);
    expect(img.colours).toBeGreaterThan(5);
    expect(img.blue).toBeGreaterThan(50);
    expect(pngsOf(smtp.mails[1]!.raw)).toHaveLength(0); // no chart for a recovery

    expect(hook.posts.map((p) => (p.body as WebhookPayload).events.map((e) => `${e.rule}:${e.kind}:${e.value}`))).toEqual([
      ['hot:firing:35'],
      ['hot:resolved:20'],
    ]);

    const alerts = storedLines(dataDir).filter((l) => l.startsWith('expmon_alert'));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatch(/^expmon_alert,rule=hot,sensor=tank_temp reason="tank_temp = 35 °C\\?, above 30 °C",state="firing",value=35 \d{13}$/);
    expect(alerts[1]).toMatch(/^expmon_alert,rule=hot,sensor=tank_temp reason=".*",state="resolved",value=20 \d{13}$/);
    // The rate-limit windows survive a restart.
    const state = JSON.parse(readFileSync(join(dataDir, 'alerts-state.json'), 'utf8')) as { global: number[]; perRule: Record<string, number[]> };
    expect(state.global).toHaveLength(2);
    expect(state.perRule.hot).toHaveLength(2);
  });

  it('silence add/list/remove: a silenced rule still stores its changes but sends nothing', async () => {
    const dataDir = join(dir, 'silenced');
    const before = smtp.mails.length;
    const posts = hook.posts.length;
    const add = await runRunner(['silence', 'add', CONFIG, '--rule', 'hot', '--for', '6h', '--reason', 'bake-out', '--data-dir', dataDir], { env });
    expect(add.code, add.stderr).toBe(0);
    const id = /^silence ([0-9a-f]{8}): rule hot from \S+ until \S+ \(bake-out\)$/m.exec(add.stdout)?.[1];
    expect(id).toBeDefined();
    const list = await runRunner(['silence', 'list', CONFIG, '--data-dir', dataDir], { env });
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+rule hot\\s+active, (6h|5h 59m) left\\s+.*bake-out`));

    const res = await runRunner(['run', CONFIG, '--cycles', '9', '--data-dir', dataDir], { env });
    expect(res.code, res.stderr).toBe(0);
    expect(smtp.mails.length).toBe(before);
    expect(hook.posts.length).toBe(posts);
    expect(storedLines(dataDir).filter((l) => l.startsWith('expmon_alert')).map((l) => /state="(\w+)"/.exec(l)?.[1])).toEqual(['firing', 'resolved']);
    expect(res.stdout + res.stderr).toContain('alert firing (silenced)');

    const bad = await runRunner(['silence', 'add', CONFIG, '--rule', 'nope', '--for', '1h', '--reason', 'x', '--data-dir', dataDir], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("no rule 'nope'");

    const remove = await runRunner(['silence', 'remove', CONFIG, id!, '--data-dir', dataDir], { env });
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.stdout).toContain(`removed silence ${id} (bake-out)`);
    const empty = await runRunner(['silence', 'list', CONFIG, '--data-dir', dataDir], { env });
    expect(empty.stdout.trim()).toBe('no silences');
  });

  it('a missing SMTP password fails at start, naming the variable', async () => {
    const { EXPMON_TEST_SMTP_PASSWORD: _drop, ...noPassword } = env;
    const res = await runRunner(['run', CONFIG, '--cycles', '2', '--data-dir', join(dir, 'nopw')], { env: { ...noPassword, EXPMON_TEST_SMTP_PASSWORD: '' } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/alerts\.notify\.email\.password.*EXPMON_TEST_SMTP_PASSWORD is not set|EXPMON_TEST_SMTP_PASSWORD is not set/);
  });
});
