import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReading, type Reading } from '@expmon/core';
import { Alerting } from '../src/Alerting.js';
import { resolveAlerts } from '../src/resolveAlerts.js';
import type { WebhookPayload } from '../src/WebhookNotifier.js';
import { startWebhook } from './alertsSmtp.js';

const log = pino({ level: 'silent' });

/** A stand-in for the Runner: the two members Alerting uses. */
function host(): { readings$: Subject<{ reading: Reading; sensor: string }>; stored: Reading[]; writeReading(r: Reading): void } {
  const stored: Reading[] = [];
  return { readings$: new Subject(), stored, writeReading: (r) => stored.push(r) };
}

describe('Alerting across a restart', () => {
  let dir: string;
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-alerts-restart-'));
    hook = await startWebhook();
  });
  afterAll(async () => {
    await hook.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a firing alert is not announced again after a restart, its recovery is; the rate-limit window carries over', async () => {
    const config = resolveAlerts(
      { rules: [{ name: 'hot', sensor: 't', above: 30 }], notify: { webhook: { url: hook.url } }, rateLimit: { global: { count: 2, per: '1h' } } },
      dir,
    );
    const kinds = (): string[] => hook.posts.flatMap((p) => (p.body as WebhookPayload).events.map((e) => `${e.rule}:${e.kind}`));
    const feed = (h: ReturnType<typeof host>, v: number): void => h.readings$.next({ reading: createReading('t', v, { unit: '°C' }), sensor: 't' });

    const h1 = host();
    const a1 = new Alerting(config, h1, { dataDir: dir, log, checkEveryMs: 20 });
    a1.start();
    feed(h1, 35);
    await a1.stop();
    expect(kinds()).toEqual(['hot:firing']);
    expect(h1.stored.map((r) => r.fields.state)).toEqual(['firing']);

    const h2 = host();
    const a2 = new Alerting(config, h2, { dataDir: dir, log, checkEveryMs: 20 });
    a2.start();
    feed(h2, 36); // still hot: nothing new
    await new Promise((r) => setTimeout(r, 100));
    expect(kinds()).toEqual(['hot:firing']);
    feed(h2, 20);
    await a2.stop();
    expect(kinds()).toEqual(['hot:firing', 'hot:resolved']);
    expect(h2.stored.map((r) => r.fields.state)).toEqual(['resolved']);

    // Budget of 2 per hour used up by the two runs: a third run holds its message.
    const h3 = host();
    const a3 = new Alerting(config, h3, { dataDir: dir, log, checkEveryMs: 20 });
    a3.start();
    feed(h3, 40);
    await a3.stop();
    expect(kinds()).toHaveLength(2);
    expect(a3.dispatcher.waiting).toBe(1);
    expect(h3.stored.map((r) => r.fields.state)).toEqual(['firing']);
  });
});
