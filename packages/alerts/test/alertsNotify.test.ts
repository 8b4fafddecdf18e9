import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReading } from '@expmon/core';
import { AlertDispatcher, type AlertDispatcherOptions } from '../src/AlertDispatcher.js';
import { AlertEngine, type AlertEvent } from '../src/AlertEngine.js';
import type { AlertsConfig, EmailNotifyConfig } from '../src/AlertsConfig.js';
import { EmailNotifier } from '../src/EmailNotifier.js';
import { renderChart } from '../src/renderChart.js';
import { resolveAlerts } from '../src/resolveAlerts.js';
import { SilenceFile } from '../src/SilenceFile.js';
import { WebhookNotifier, type WebhookPayload } from '../src/WebhookNotifier.js';
import { inspectPng, pngsOf, selfSignedCert, startSmtp, startWebhook } from './alertsSmtp.js';

const T0 = Date.UTC(2025, 10, 28, 12, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const log = pino({ level: 'silent' });
process.env.EXPMON_TEST_ALERT_SMTP_PASSWORD = 'pa55-word';

const rules: AlertsConfig['rules'] = [
  { name: 'hot', sensor: 'lab_temp', above: 30, hysteresis: 0.5, message: 'Check the chiller.' },
  { name: 'cold', sensor: 'lab_temp', below: 10 },
  { name: 'r1', sensor: 's1', above: 1 },
  { name: 'r2', sensor: 's2', above: 1 },
  { name: 'r3', sensor: 's3', above: 1 },
  { name: 'r4', sensor: 's4', above: 1 },
  { name: 'r5', sensor: 's5', above: 1 },
];
const resolved = resolveAlerts({ rules }, '/');
const ruleOf = (name: string) => resolved.rules.find((r) => r.name === name)!;
const ev = (kind: AlertEvent['kind'], name: string, time: number, value = 31): AlertEvent => ({
  kind,
  rule: ruleOf(name),
  sensor: ruleOf(name).sensor,
  value,
  unit: '°C',
  time,
  since: time,
  reason: `${ruleOf(name).sensor} = ${value} °C`,
});

/** A lab temperature that drifts up through 30 °C over an hour, then a chart of it. */
function engineWithHistory(): { engine: AlertEngine; fired: AlertEvent } {
  const engine = new AlertEngine(resolved.rules, { now: T0 - HOUR, windowMs: HOUR });
  let fired: AlertEvent | undefined;
  for (let t = T0 - HOUR; t <= T0; t += 10_000) {
    const v = 22 + (9 * (t - T0 + HOUR)) / HOUR + 0.3 * Math.sin(t / 60_000);
    for (const e of engine.observe(createReading('lab_temp', v, { unit: '°C', time: t }))) fired ??= e;
  }
  return { engine, fired: fired! };
}

describe('alert e-mail through a real SMTP server', () => {
  let dir: string;
  let tls: ReturnType<typeof selfSignedCert>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-alerts-'));
    tls = selfSignedCert(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const emailConfig = (port: number, secure: EmailNotifyConfig['secure']): EmailNotifyConfig => ({
    host: '127.0.0.1',
    port,
    secure,
    user: 'lab',
    password: { env: 'EXPMON_TEST_ALERT_SMTP_PASSWORD' },
    from: 'expmon@lab.example',
    to: ['team@lab.example', 'boss@lab.example'],
    tls: { ca: tls.certFile },
  });

  it('SMTPS (TLS from the first byte): one message with subject, text and a PNG chart that decodes and is not blank', async () => {
    const smtp = await startSmtp({ secure: true, key: tls.key, cert: tls.cert });
    try {
      const { engine, fired } = engineWithHistory();
      expect(fired.rule.name).toBe('hot');
      const mail = new EmailNotifier(emailConfig(smtp.port, 'smtps'));
      const d = new AlertDispatcher({
        ...limits(),
        notifiers: [mail],
        chart: (e) =>
          renderChart({ points: engine.window.points(e.sensor, 'value'), to: e.time, spanMs: HOUR, title: 'hot: lab_temp (°C)', thresholds: [30], marker: e.time }),
      });
      d.handle(fired, fired.time);
      await d.flush(fired.time);
      mail.close();
      expect(smtp.mails).toHaveLength(1);
      const m = smtp.mails[0]!;
      expect(m.secure).toBe(true);
      expect(m.user).toBe('lab');
      expect(m.to).toEqual(['team@lab.example', 'boss@lab.example']);
      expect(m.subject).toMatch(/^\[expmon .+\] FIRING hot: lab_temp = 30\.\d+ °C, above 30 °C$/);
      expect(m.raw).toContain('Check the chiller.');
      expect(m.raw).not.toContain('pa55-word');
      const pngs = pngsOf(m.raw);
      expect(pngs).toHaveLength(1);
      const img = inspectPng(pngs[0]!);
      expect(img).toMatchObject({ width: 800, height: 320 });
      expect(img.colours).toBeGreaterThan(10); // white, grid, text, threshold, series (anti-aliased)
      expect(img.blue).toBeGreaterThan(500); // the series line is drawn
    } finally {
      await smtp.stop();
    }
  });

  it('STARTTLS: the session is upgraded before the password is sent; a server without STARTTLS is refused', async () => {
    const smtp = await startSmtp({ secure: false, key: tls.key, cert: tls.cert });
    const plain = await startSmtp({ secure: false, authOptional: true });
    try {
      const mail = new EmailNotifier(emailConfig(smtp.port, 'starttls'));
      const d = new AlertDispatcher({ ...limits(), notifiers: [mail] });
      d.handle(ev('firing', 'hot', T0), T0);
      await d.flush(T0);
      mail.close();
      expect(smtp.mails.map((m) => [m.secure, m.user])).toEqual([[true, 'lab']]);

      const refused = new EmailNotifier(emailConfig(plain.port, 'starttls'));
      await expect(refused.send({ subject: 's', text: 't', html: 'h', events: [], charts: [], origin: 'x' })).rejects.toThrow();
      refused.close();
      expect(plain.mails).toHaveLength(0);
    } finally {
      await smtp.stop();
      await plain.stop();
    }
  });

  it('a wrong certificate is refused unless the CA is given', async () => {
    const smtp = await startSmtp({ secure: true, key: tls.key, cert: tls.cert });
    try {
      const { tls: _drop, ...noCa } = emailConfig(smtp.port, 'smtps');
      const mail = new EmailNotifier(noCa);
      await expect(mail.send({ subject: 's', text: 't', html: 'h', events: [], charts: [], origin: 'x' })).rejects.toThrow(/self.signed|certificate/i);
      mail.close();
      expect(smtp.mails).toHaveLength(0);
    } finally {
      await smtp.stop();
    }
  });

  it('rate limits: per rule and global budgets hold, and what was held goes out as one digest', async () => {
    const smtp = await startSmtp({ secure: true, key: tls.key, cert: tls.cert });
    try {
      const mail = new EmailNotifier(emailConfig(smtp.port, 'smtps'));
      const d = new AlertDispatcher({
        ...limits({ perRule: { count: 2, perMs: HOUR }, global: { count: 4, perMs: HOUR } }),
        notifiers: [mail],
      });
      // 'hot' flaps 10 times in 10 minutes: 20 changes.
      for (let i = 0; i < 10; i++) {
        const t = T0 + i * MIN;
        d.handle(ev('firing', 'hot', t), t);
        await d.flush(t);
        d.handle(ev('resolved', 'hot', t + 30_000, 20), t + 30_000);
        await d.flush(t + 30_000);
      }
      expect(smtp.mails).toHaveLength(2); // the per-rule budget
      expect(d.waiting).toBe(18);
      // Three other rules fire: the global budget (4) lets two through.
      for (const [i, name] of ['r1', 'r2', 'r3'].entries()) {
        const t = T0 + 20 * MIN + i * MIN;
        d.handle(ev('firing', name, t, 2), t);
        await d.flush(t);
      }
      expect(smtp.mails).toHaveLength(4);
      expect(smtp.mails.slice(2).map((m) => m.subject)).toEqual([
        expect.stringContaining('FIRING r1:'),
        expect.stringContaining('FIRING r2:'),
      ]);
      // Nothing more within the hour, however often we try.
      for (let t = T0 + 23 * MIN; t < T0 + HOUR; t += 5 * MIN) await d.flush(t);
      expect(smtp.mails).toHaveLength(4);
      // An hour after the first message, one digest carries everything that was held.
      await d.flush(T0 + HOUR + 1);
      expect(smtp.mails).toHaveLength(5);
      const digest = smtp.mails[4]!;
      expect(digest.subject).toMatch(/\] 19 alert changes: 10 firing, 9 resolved$/);
      expect(digest.raw).toContain('r3');
      expect(d.waiting).toBe(0);
      mail.close();
    } finally {
      await smtp.stop();
    }
  });

  it('digest: changes are grouped, at most one message per period', async () => {
    const smtp = await startSmtp({ secure: true, key: tls.key, cert: tls.cert });
    try {
      const mail = new EmailNotifier(emailConfig(smtp.port, 'smtps'));
      const d = new AlertDispatcher({ ...limits(), digestMs: 10 * MIN, notifiers: [mail] });
      for (const [i, name] of ['r1', 'r2', 'r3', 'r4'].entries()) {
        const t = T0 + i * MIN;
        d.handle(ev('firing', name, t, 2), t);
        await d.flush(t);
      }
      expect(smtp.mails.map((m) => m.subject)).toEqual([expect.stringContaining('FIRING r1:')]);
      await d.flush(T0 + 9 * MIN);
      expect(smtp.mails).toHaveLength(1);
      await d.flush(T0 + 10 * MIN);
      expect(smtp.mails).toHaveLength(2);
      expect(smtp.mails[1]!.subject).toMatch(/3 alert changes: 3 firing, 0 resolved$/);
      mail.close();
    } finally {
      await smtp.stop();
    }
  });
});

describe('silences', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-silence-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a silenced rule or sensor sends nothing; still firing when the silence ends: announced then; recoveries only after an announcement', async () => {
    const hook = await startWebhook();
    try {
      const silences = new SilenceFile(join(dir, 'silences.json'));
      const d = new AlertDispatcher({ ...limits(), notifiers: [new WebhookNotifier({ url: hook.url })], silences });
      const bakeout = silences.add({ sensor: 's1', start: T0, end: T0 + 6 * HOUR, reason: 'bake-out' }, T0);
      silences.add({ rule: 'r2', start: T0 + HOUR, end: T0 + 2 * HOUR, reason: 'planned power cut' }, T0);
      d.handle(ev('firing', 'r1', T0 + MIN, 2), T0 + MIN); // silenced by sensor
      d.handle(ev('firing', 'r3', T0 + MIN, 2), T0 + MIN); // not silenced
      await d.flush(T0 + MIN);
      d.handle(ev('resolved', 'r1', T0 + 2 * MIN, 0), T0 + 2 * MIN); // never announced: quiet
      await d.flush(T0 + 2 * MIN);
      expect(hook.posts.map((p) => (p.body as WebhookPayload).events.map((e) => `${e.rule}:${e.kind}`))).toEqual([['r3:firing']]);

      // A planned silence: r2 fires during it (quiet), and still fires after it ended.
      d.handle(ev('firing', 'r2', T0 + 90 * MIN, 2), T0 + 90 * MIN);
      await d.flush(T0 + 90 * MIN);
      expect(hook.posts).toHaveLength(1);
      await d.flush(T0 + 2 * HOUR);
      expect(hook.posts).toHaveLength(2);
      const late = (hook.posts[1]!.body as WebhookPayload).events;
      expect(late.map((e) => [e.rule, e.kind])).toEqual([['r2', 'firing']]);
      expect(late[0]!.reason).toMatch(/^still firing after a silence: /);
      d.handle(ev('resolved', 'r2', T0 + 3 * HOUR, 0), T0 + 3 * HOUR);
      await d.flush(T0 + 3 * HOUR);
      expect((hook.posts[2]!.body as WebhookPayload).events.map((e) => [e.rule, e.kind])).toEqual([['r2', 'resolved']]);

      // The file is re-read when it changes: removing the bake-out silence lets s1 through.
      expect(silences.matching('r1', 's1', T0 + 4 * HOUR)?.id).toBe(bakeout.id);
      new SilenceFile(silences.path).remove(bakeout.id.slice(0, 4));
      expect(silences.matching('r1', 's1', T0 + 4 * HOUR)).toBeUndefined();
    } finally {
      await hook.stop();
    }
  });
});

describe('silence file', () => {
  it('a file broken by hand keeps the silences read before in force, and says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'expmon-silence-bad-'));
    try {
      const silences = new SilenceFile(join(dir, 'silences.json'));
      const s = silences.add({ rule: 'hot', start: T0, end: T0 + HOUR, reason: 'bake-out' }, T0);
      expect(silences.matching('hot', 'lab_temp', T0 + 1)?.id).toBe(s.id);
      writeFileSync(silences.path, '{ "silences": [ {"id": ');
      expect(silences.matching('hot', 'lab_temp', T0 + 1)?.id).toBe(s.id);
      expect(silences.error).toMatch(/cannot read .*silences\.json/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('webhook', () => {
  it('POSTs JSON with secret headers; a failed delivery is retried', async () => {
    let answer = 500;
    const hook = await startWebhook(() => answer);
    process.env.EXPMON_TEST_HOOK_TOKEN = 'Bearer s3cret';
    try {
      const webhook = new WebhookNotifier({ url: hook.url, headers: { Authorization: { env: 'EXPMON_TEST_HOOK_TOKEN' }, 'X-Lab': 'b12' } });
      const d = new AlertDispatcher({ ...limits(), notifiers: [webhook], retryDelaysMs: [MIN] });
      d.handle(ev('firing', 'hot', T0), T0);
      await d.flush(T0);
      expect(hook.posts).toHaveLength(1); // answered 500
      answer = 200;
      await d.flush(T0 + 30_000);
      expect(hook.posts).toHaveLength(1); // not yet due
      await d.flush(T0 + MIN);
      expect(hook.posts).toHaveLength(2);
      const { headers, body } = hook.posts[1]!;
      expect(headers.authorization).toBe('Bearer s3cret');
      expect(headers['x-lab']).toBe('b12');
      expect(headers['content-type']).toBe('application/json');
      const payload = body as WebhookPayload;
      expect(payload.events).toEqual([
        {
          kind: 'firing',
          rule: 'hot',
          sensor: 'lab_temp',
          value: 31,
          unit: '°C',
          time: new Date(T0).toISOString(),
          since: new Date(T0).toISOString(),
          reason: 'lab_temp = 31 °C',
          message: 'Check the chiller.',
        },
      ]);
      expect(payload.text).toMatch(/^\[expmon .+\] FIRING hot: lab_temp = 31 °C\n\nFIRING hot \(lab_temp\)/);
    } finally {
      await hook.stop();
    }
  });
});

function limits(over: Partial<Pick<AlertDispatcherOptions, 'perRule' | 'global'>> = {}): Pick<AlertDispatcherOptions, 'perRule' | 'global' | 'origin' | 'log'> {
  return { perRule: { count: 100, perMs: HOUR }, global: { count: 100, perMs: HOUR }, origin: 'testlab', log, ...over };
}
