import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startInfluxDb1, startVictoriaMetrics, type InfluxDb1Server, type VictoriaMetricsServer } from '@expmon/test-servers';
import { SinkRejectedError } from '../src/errors/SinkRejectedError.js';
import { SinkUnavailableError } from '../src/errors/SinkUnavailableError.js';
import { InfluxV1Sink } from '../src/sinks/InfluxV1Sink.js';
import { InfluxV2Sink } from '../src/sinks/InfluxV2Sink.js';

const payload = (prefix: string, n: number, t0: number): Buffer =>
  Buffer.from(Array.from({ length: n }, (_, i) => `${prefix},unit=V value=${i}.5 ${t0 + i}`).join('\n'));

// Real InfluxDB 1.6 and VictoriaMetrics on loopback: the stored bytes posted as they are, plain and gzip'd.
describe('InfluxDB sinks against real servers', () => {
  let influx: InfluxDb1Server;
  let vm: VictoriaMetricsServer;
  beforeAll(async () => {
    [influx, vm] = await Promise.all([startInfluxDb1(), startVictoriaMetrics()]);
  });
  afterAll(async () => {
    await Promise.all([influx?.destroy(), vm?.destroy()]);
  });

  it('v1: posts a payload plain and gzip’d; a bad line is refused (400), a dead port is unavailable; probe tells up from down', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const plain = new InfluxV1Sink({ url: influx.url, database: influx.database });
    const gz = new InfluxV1Sink({ url: influx.url, database: influx.database, gzipThreshold: 0 });
    await plain.writePayload(payload('plain', 300, t0), 300);
    await gz.writePayload(payload('gz', 300, t0), 300);
    expect((await influx.query('SELECT count(value) FROM plain'))[0]?.count).toBe(300);
    expect((await influx.query('SELECT count(value) FROM gz'))[0]?.count).toBe(300);
    const refused = await plain.write(['bad line without fields']).catch((e: unknown) => e);
    expect(SinkRejectedError.isInstance(refused)).toBe(true);
    expect((refused as SinkRejectedError).status).toBe(400);
    expect(await plain.probe()).toBe(true);
    const dead = new InfluxV1Sink({ url: `http://127.0.0.1:${await freePort()}`, database: 'x' });
    expect(SinkUnavailableError.isInstance(await dead.write(['m value=1 1']).catch((e: unknown) => e))).toBe(true);
    expect(await dead.probe()).toBe(false);
  });

  it('v2: posts a payload plain and gzip’d to VictoriaMetrics’ /api/v2/write', async () => {
    const t0 = Date.now() - 60_000;
    const plain = new InfluxV2Sink({ url: vm.url, org: 'lab', bucket: 'b', token: 'T0KEN' });
    const gz = new InfluxV2Sink({ url: vm.url, org: 'lab', bucket: 'b', gzipThreshold: 0 });
    await plain.writePayload(payload('vplain', 200, t0), 200);
    await gz.writePayload(payload('vgz', 200, t0), 200);
    expect(await plain.probe()).toBe(true);
    const count = async (name: string) => (await vm.export(`{__name__="${name}_value"}`)).reduce((n, s) => n + s.values.length, 0);
    await expect.poll(() => count('vplain'), { timeout: 15_000 }).toBe(200);
    await expect.poll(() => count('vgz'), { timeout: 15_000 }).toBe(200);
  });
});
