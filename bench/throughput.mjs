#!/usr/bin/env node
/**
 * Throughput of the runner's store against bare clients (not part of the test run). After a
 * build, from the repo root:
 *
 *   node bench/throughput.mjs                          # 200 000 readings, 5 interleaved pairs per API
 *   node bench/throughput.mjs --readings 50000 --pairs 3 --write   # and record it in bench/RESULTS.md
 *
 * For each API, pairs of runs (runner, bare client) in alternating order, each run its own
 * child process writing the same readings to the same server:
 * - v2 write API into VictoriaMetrics: the runner (push source → durable local log → shipper)
 *   vs `@influxdata/influxdb-client`'s raw `WriteApi` (batches of 5000, its default gzip);
 * - v1 `/write` into InfluxDB 1.6: the runner vs `node:http` posts of 5000 lines with the same
 *   3 requests in flight as the runner's shipper (not fetch, which is slower on Node 20).
 * Reported per API: readings/s of each side, the ratio runner/bare per pair (min/median/max),
 * and CPU (user + system, from the start of the measured run: module loading excluded) per
 * reading of each side and their ratio (min/median/max).
 * Every run ends when the database acknowledged every reading; the count stored is checked.
 *
 * `--write` replaces the "Throughput: runner vs bare client" section of bench/RESULTS.md.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/freePort.mjs';
import { startInfluxDb1 } from './lib/startInfluxDb1.mjs';
import { stopChild } from './lib/stopChild.mjs';
import { formatSummary, summary } from './lib/summary.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const RESULTS = join(ROOT, 'bench/RESULTS.md');
const SERIES = 10;
const BATCH = 5000;

function parseArgs(argv) {
  const args = { readings: 200_000, pairs: 5, write: false, child: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--readings') args.readings = Number(argv[++i]);
    else if (a === '--pairs') args.pairs = Number(argv[++i]);
    else if (a === '--write') args.write = true;
    else if (a === '--child') args.child = argv[++i];
    else if (a === '--help' || a === '-h') {
      process.stdout.write(readFileSync(SELF, 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return args;
}

// ---------------------------------------------------------------- servers (loopback only)

async function waitFor(check, what, child) {
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what}: the server exited (${child.exitCode})`);
    try {
      if (await check()) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${what}: no answer after 30 s`);
    await sleep(100);
  }
}

/** InfluxDB 1.6 from bench/lib, with the same interface as the VictoriaMetrics server below. */
async function startInflux1() {
  const influx = await startInfluxDb1();
  return { url: influx.url, prepare: (db) => influx.createDatabase(db), count: (db) => influx.count(db), stop: () => influx.stop() };
}

async function startVictoriaMetrics() {
  const dir = await mkdtemp(join(tmpdir(), 'expmon-bench-vm-'));
  const port = await freePort();
  const child = spawn(
    'victoria-metrics',
    [`-storageDataPath=${dir}`, `-httpListenAddr=127.0.0.1:${port}`, '-retentionPeriod=100y', '-loggerLevel=ERROR', '-search.latencyOffset=0s'],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health`)).ok, 'victoria-metrics', child);
  return {
    url,
    async prepare() {},
    /** Samples stored for metrics named `<prefix>…`. */
    async count(prefix) {
      await fetch(`${url}/internal/force_flush`);
      const res = await fetch(`${url}/api/v1/export?${new URLSearchParams({ 'match[]': `{__name__=~"${prefix}.*"}` })}`);
      return (await res.text())
        .split('\n')
        .filter((l) => l.trim())
        .reduce((n, l) => n + JSON.parse(l).values.length, 0);
    },
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- child processes

function runChild(mode, params) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SELF, '--child', mode], { env: { ...process.env, EXPMON_BENCH: JSON.stringify(params) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${mode} exited ${code}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        reject(new Error(`${mode} printed no result: ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });
}

/** The same deterministic readings for every side: SERIES series, 1 ms apart. */
function readingAt(i, prefix, base) {
  return { measurement: `${prefix}_${i % SERIES}`, value: 20 + ((i * 7919) % 1000) / 100, time: base + Math.floor(i / SERIES) };
}

/** Emits `n` items, 1000 per macrotask (a fast device, not one synchronous burst). */
function emitChunked(n, emit, done) {
  let i = 0;
  const step = () => {
    const end = Math.min(i + 1000, n);
    for (; i < end; i++) emit(i);
    if (i < n) setImmediate(step);
    else done?.();
  };
  setImmediate(step);
}

/** CPU of this process so far, in ms. */
function cpuNow() {
  const ru = process.resourceUsage();
  return (ru.userCPUTime + ru.systemCPUTime) / 1000;
}

/** Figures of a run: CPU counted from `cpuAtStart` (after the modules were loaded: start-up is not per-reading work). */
function childResult(started, cpuAtStart, extra = {}) {
  return { elapsedMs: performance.now() - started, cpuMs: cpuNow() - cpuAtStart, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra };
}

async function importFromStore(name) {
  const { createRequire } = await import('node:module');
  return import(createRequire(join(ROOT, 'packages/store/package.json')).resolve(name));
}

/** The runner: a push source → operators → durable local log (fsync per batch) → shipper → database. */
async function childRunner(p) {
  const { validateConfig, resolveSinks, Runner, createLogger } = await import('@expmon/runner/script');
  const { createReading } = await import('@expmon/core');
  const { Observable } = await import('rxjs');
  const n = p.readings;
  const source = {
    kind: 'push',
    name: 'bench',
    device: 'bench generator',
    read: async () => [],
    readings: () =>
      new Observable((sub) => {
        emitChunked(n, (i) => {
          const r = readingAt(i, p.prefix, p.base);
          sub.next(createReading(r.measurement, r.value, { unit: 'V', time: r.time }));
        });
      }),
  };
  const sink = p.api === 'v1' ? { type: 'influx-v1', url: p.url, database: p.database } : { type: 'influx-v2', url: p.url, org: 'bench', bucket: 'bench' };
  const config = validateConfig({ sources: [source], sinks: [sink], dataDir: p.dataDir, logLevel: 'warn', status: { health: false } }, join(ROOT, 'bench/throughput.config.ts'));
  const runner = new Runner(config, resolveSinks(config, {}), createLogger({ level: 'warn', pretty: false }));
  const cpuAtStart = cpuNow();
  const started = performance.now();
  await runner.start();
  const shipped = () => runner.shippers.reduce((s, x) => s + x.stats.shipped, 0);
  while (shipped() < n) await sleep(1);
  const result = childResult(started, cpuAtStart, { shipped: shipped() });
  await runner.stop();
  return result;
}

/** Bare v1: node:http posts of 5000 lines, 3 in flight (the runner's shipper's shape). */
async function childRawV1(p) {
  const { Point } = await importFromStore('@influxdata/influxdb-client');
  const n = p.readings;
  const url = new URL(`${p.url}/write?db=${encodeURIComponent(p.database)}&precision=ms`);
  const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 3 });
  const post = (body) =>
    new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  const cpuAtStart = cpuNow();
  const started = performance.now();
  let batch = [];
  const batches = [];
  let wake;
  let produced = false;
  emitChunked(
    n,
    (i) => {
      const r = readingAt(i, p.prefix, p.base);
      batch.push(new Point(r.measurement).tag('unit', 'V').floatField('value', r.value).timestamp(String(r.time)).toLineProtocol());
      if (batch.length === BATCH) {
        batches.push(batch.join('\n'));
        batch = [];
        wake?.();
      }
    },
    () => {
      if (batch.length) batches.push(batch.join('\n'));
      produced = true;
      wake?.();
    },
  );
  let acked = 0;
  const inflight = new Set();
  while (!produced || batches.length || inflight.size) {
    if (batches.length && inflight.size < 3) {
      const body = batches.shift();
      const lines = body.split('\n').length;
      const req = post(body).then(() => {
        acked += lines;
        inflight.delete(req);
        wake?.();
      });
      inflight.add(req);
      continue;
    }
    await new Promise((r) => (wake = r));
    wake = undefined;
  }
  agent.destroy();
  return childResult(started, cpuAtStart, { shipped: acked });
}

/** Bare v2: the raw WriteApi, batches of 5000 (sent without waiting for earlier ones). */
async function childRawV2(p) {
  const { InfluxDB, Point } = await importFromStore('@influxdata/influxdb-client');
  const n = p.readings;
  let acked = 0;
  let failed;
  const api = new InfluxDB({ url: p.url, token: '' }).getWriteApi('bench', 'bench', 'ms', {
    batchSize: BATCH,
    maxRetries: 0,
    writeSuccess: (lines) => void (acked += lines.length),
    writeFailed: (error) => void (failed = error),
  });
  const cpuAtStart = cpuNow();
  const started = performance.now();
  await new Promise((resolve) =>
    emitChunked(
      n,
      (i) => {
        const r = readingAt(i, p.prefix, p.base);
        api.writePoint(new Point(r.measurement).tag('unit', 'V').floatField('value', r.value).timestamp(String(r.time)));
      },
      resolve,
    ),
  );
  await api.flush();
  while (acked < n && !failed) await sleep(1);
  if (failed) throw failed;
  const result = childResult(started, cpuAtStart, { shipped: acked });
  await api.close();
  return result;
}

// ---------------------------------------------------------------- bench

async function bench(args) {
  const dir = await mkdtemp(join(tmpdir(), 'expmon-bench-throughput-'));
  const out = [];
  for (const api of [
    { api: 'v2', name: 'v2 write API → VictoriaMetrics', start: startVictoriaMetrics, raw: 'raw-v2', baseline: 'raw WriteApi (@influxdata/influxdb-client)' },
    { api: 'v1', name: 'v1 /write → InfluxDB 1.6', start: startInflux1, raw: 'raw-v1', baseline: 'node:http posts, 3 in flight' },
  ]) {
    const server = await api.start();
    const pairs = [];
    try {
      for (let i = 0; i < args.pairs; i++) {
        const pair = {};
        for (const side of i % 2 === 0 ? ['raw', 'runner'] : ['runner', 'raw']) {
          const tag = `${side}${i}`;
          const params = { readings: args.readings, url: server.url, database: `bench_${tag}`, prefix: `${tag}_m`, base: Date.UTC(2025, 0, 1) + i * 86_400_000, api: api.api, dataDir: join(dir, `${api.api}-${tag}`) };
          await server.prepare(params.database);
          const res = await runChild(side === 'raw' ? api.raw : 'runner', params);
          res.stored = await server.count(api.api === 'v1' ? params.database : params.prefix);
          res.rate = args.readings / (res.elapsedMs / 1000);
          res.cpuUsPerReading = (res.cpuMs * 1000) / args.readings;
          pair[side] = res;
          log(`  ${api.name} pair ${i + 1} ${side.padEnd(6)}: ${fmt(res.rate)} readings/s, CPU ${res.cpuUsPerReading.toFixed(2)} µs/reading, peak RSS ${fmt(res.maxRssMB)} MB, stored ${res.stored}/${args.readings}`);
        }
        pair.ratio = pair.runner.rate / pair.raw.rate;
        pair.cpuRatio = pair.runner.cpuUsPerReading / pair.raw.cpuUsPerReading;
        pairs.push(pair);
      }
    } finally {
      await server.stop();
    }
    out.push({ ...api, pairs });
  }
  await rm(dir, { recursive: true, force: true });
  return out;
}

function report(args, results, loadStart, loadEnd) {
  const mmm = (xs, d = 2) => formatSummary(summary(xs), d);
  const lines = [
    '## Throughput: runner vs bare client (bench/throughput.mjs)',
    '',
    `\`node bench/throughput.mjs --readings ${args.readings} --pairs ${args.pairs}\` on ${new Date().toISOString()}, ${cpus().length} CPUs, Node ${process.version};`,
    `load average ${loadStart.map((x) => x.toFixed(2)).join(' ')} at start, ${loadEnd.map((x) => x.toFixed(2)).join(' ')} at end.`,
    '',
    '> **Shared, loaded machine**: other developers ran builds and tests on the same 2 cores during this run.',
    '> The ratios of interleaved pairs are more telling than the absolute rates; a quiet machine will differ.',
    '',
    `Each run: ${args.readings} readings in ${SERIES} series until the database acknowledged all of them; a pair = one runner run and`,
    'one bare-client run in alternating order. Runner: push source → durable local log (one frame + fdatasync per batch) →',
    'shipper posting the stored bytes (5000 readings per request, 3 in flight). Targets: ratio ≥ 0.8, CPU ratio ≤ 1.25.',
    '',
    '| API | bare client | runner readings/s (min / median / max) | bare readings/s | ratio runner/bare | runner CPU µs/reading | bare CPU µs/reading | CPU ratio |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${r.baseline} | ${mmm(r.pairs.map((p) => p.runner.rate), 0)} | ${mmm(r.pairs.map((p) => p.raw.rate), 0)} | ${mmm(r.pairs.map((p) => p.ratio))} | ${mmm(r.pairs.map((p) => p.runner.cpuUsPerReading))} | ${mmm(r.pairs.map((p) => p.raw.cpuUsPerReading))} | ${mmm(r.pairs.map((p) => p.cpuRatio))} |`,
    );
  }
  lines.push('', 'Pairs (readings stored, as counted in the database afterwards):', '');
  for (const r of results) {
    r.pairs.forEach((p, i) =>
      lines.push(
        `- ${r.name}, pair ${i + 1}: runner ${fmt(p.runner.rate)}/s (${p.runner.cpuUsPerReading.toFixed(2)} µs, ${fmt(p.runner.maxRssMB)} MB, stored ${p.runner.stored}), bare ${fmt(p.raw.rate)}/s (${p.raw.cpuUsPerReading.toFixed(2)} µs, ${fmt(p.raw.maxRssMB)} MB, stored ${p.raw.stored}): ratio ${p.ratio.toFixed(2)}, CPU ratio ${p.cpuRatio.toFixed(2)}`,
      ),
    );
  }
  lines.push('');
  return lines.join('\n');
}

function fmt(x) {
  return typeof x === 'number' && Number.isFinite(x) ? (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)) : String(x);
}

function log(s) {
  process.stderr.write(`${s}\n`);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

const args = parseArgs(process.argv.slice(2));
if (args.child) {
  const fn = { runner: childRunner, 'raw-v1': childRawV1, 'raw-v2': childRawV2 }[args.child];
  if (!fn) throw new Error(`unknown child ${args.child}`);
  process.stdout.write(`${JSON.stringify(await fn(JSON.parse(process.env.EXPMON_BENCH ?? '{}')))}\n`);
  process.exit(0);
} else {
  const loadStart = loadavg();
  const results = await bench(args);
  const md = report(args, results, loadStart, loadavg());
  process.stdout.write(`${md}\n`);
  if (args.write) {
    const start = '<!-- throughput.mjs:start -->';
    const end = '<!-- throughput.mjs:end -->';
    const current = readFileSync(RESULTS, 'utf8');
    const section = `${start}\n${md}\n${end}`;
    const i = current.indexOf(start);
    const j = current.indexOf(end);
    writeFileSync(RESULTS, i >= 0 && j > i ? current.slice(0, i) + section + current.slice(j + end.length) : `${current.trimEnd()}\n\n${section}\n`);
    log(`section written to ${RESULTS}`);
  }
}
