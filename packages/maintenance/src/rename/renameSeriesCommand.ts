import type { DatabaseTarget } from '../DatabaseTarget.js';
import { NotSupportedError } from '../errors/NotSupportedError.js';
import { formatTable } from '@expmon/core';
import { identifyDatabase } from '../identifyDatabase.js';
import { InfluxV1RenameStore } from './InfluxV1RenameStore.js';
import { InfluxV2RenameStore } from './InfluxV2RenameStore.js';
import type { RenameStore, SeriesCount } from './RenameStore.js';

/**
 * Options of {@link renameSeriesCommand}: the arguments of `expmon-runner rename-series`.
 *
 * @example
 * const options: RenameSeriesOptions = { from: 'temp1', to: 'cryostat_temp', yes: true, dropOld: true };
 */
export interface RenameSeriesOptions {
  from: string;
  to: string;
  /** Copy (without it only the plan is printed). */
  yes?: boolean;
  /** Delete OLD after the copy, only when every count matched. */
  dropOld?: boolean;
  /** Progress and report lines. */
  say?: (line: string) => void;
}

/**
 * What {@link renameSeriesCommand} did.
 *
 * @example
 * if (report.copied && !report.countsMatch) process.exitCode = 1;
 */
export interface RenameSeriesReport {
  series: number;
  points: number;
  copied: boolean;
  /** Every tag set's per-field counts of NEW equal those of OLD (after a copy). */
  countsMatch: boolean;
  dropped: boolean;
  /** OLD had points in the last minute: the acquisition may still write it. */
  stillWritten: boolean;
  /** Count differences, one line each. */
  problems: string[];
}

/**
 * `expmon-runner rename-series CONFIG OLD NEW`: prints what it will do (tag keys, every
 * series with its point count), and with `yes` copies OLD into NEW keeping every tag, then
 * compares the counts per tag set and field; with `dropOld` too, deletes OLD only when they
 * all match. Warns when OLD received points in the last minute. InfluxDB 1.x (InfluxQL) and
 * the v2 API (Flux); VictoriaMetrics rejects with a {@link NotSupportedError}. When NEW
 * already holds exactly OLD's counts (an earlier run's copy) it is not copied again, only
 * compared (so `--drop-old` can come later); any other NEW with points is refused.
 *
 * @example
 * await renameSeriesCommand({ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' },
 *   { from: 'temp1', to: 'cryostat_temp', yes: true, dropOld: true, say: console.log });
 */
export async function renameSeriesCommand(target: DatabaseTarget, o: RenameSeriesOptions): Promise<RenameSeriesReport> {
  const say = o.say ?? (() => {});
  if (o.from === o.to) throw new Error(`OLD and NEW are both ${o.from}`);
  const t = await identifyDatabase(target);
  if (t.kind === 'victoria-metrics') {
    throw new NotSupportedError(
      'rename-series',
      `${t.url} is VictoriaMetrics, which cannot copy a series under a new name or drop one; use relabeling (metric_relabel_configs) or vmctl to re-import it`,
    );
  }
  const store: RenameStore = t.kind === 'v1' ? new InfluxV1RenameStore(t) : new InfluxV2RenameStore(t);
  const [keys, before, existing] = await Promise.all([store.tagKeys(o.from), store.series(o.from), store.series(o.to)]);
  if (before.size === 0) throw new Error(`${store.description}: measurement ${o.from} has no points`);
  // NEW may hold an earlier run's copy (then this run only compares, and drops with --drop-old).
  const copiedBefore = existing.size > 0 && compareSeries(before, existing).length === 0;
  if (existing.size > 0 && !copiedBefore) {
    throw new Error(`${store.description}: ${o.to} already has ${existing.size} series that differ from ${o.from}; rename into a new name (or drop ${o.to} first)`);
  }
  const points = [...before.values()].reduce((n, s) => n + mostPoints(s), 0);
  say(`${store.description}: ${o.from} → ${o.to}`);
  say(`tag keys: ${keys.length === 0 ? '(none)' : keys.join(', ')}`);
  say(formatTable(['series', 'points', 'fields'], [...before].map(([key, s]) => [key, String(mostPoints(s)), Object.keys(s.fields).sort().join(' ')])));
  say(`${before.size} series, ${points} points`);
  const recent = await store.recentPoints(o.from, 60_000);
  const stillWritten = recent > 0;
  if (stillWritten) {
    say(`warning: ${o.from} received ${recent} points in the last minute: the acquisition still writes it. Stop it (or rename the sensor in the config) first, or points written during the copy stay behind.`);
  }
  const report: RenameSeriesReport = { series: before.size, points, copied: false, countsMatch: false, dropped: false, stillWritten, problems: [] };
  if (!o.yes) {
    say(`nothing done: run again with --yes to copy${o.dropOld ? ' and drop the old measurement' : ''}`);
    return report;
  }
  if (copiedBefore) {
    say(`${o.to} already holds a copy of ${o.from} with equal counts: not copied again`);
  } else {
    say(`copying ${o.from} into ${o.to}, every tag kept`);
    await store.copy(o.from, o.to);
  }
  report.copied = true;
  const [oldNow, after] = await Promise.all([store.series(o.from), store.series(o.to)]);
  report.problems = compareSeries(oldNow, after);
  report.countsMatch = report.problems.length === 0;
  if (report.countsMatch) say(`counts match: ${after.size} series, every tag set and field`);
  else say(`counts differ:\n  ${report.problems.join('\n  ')}`);
  if (o.dropOld) {
    if (report.countsMatch) {
      await store.drop(o.from);
      report.dropped = true;
      say(`dropped ${o.from}`);
    } else {
      say(`${o.from} kept: the counts differ`);
    }
  } else {
    say(`${o.from} kept; point Grafana and the config at ${o.to}, then drop it with --drop-old`);
  }
  return report;
}

function mostPoints(s: SeriesCount): number {
  return Math.max(0, ...Object.values(s.fields));
}

function compareSeries(old: Map<string, SeriesCount>, copy: Map<string, SeriesCount>): string[] {
  const problems: string[] = [];
  for (const [key, s] of old) {
    const c = copy.get(key);
    if (!c) {
      problems.push(`${key}: missing in the copy`);
      continue;
    }
    for (const f of new Set([...Object.keys(s.fields), ...Object.keys(c.fields)])) {
      if ((s.fields[f] ?? 0) !== (c.fields[f] ?? 0)) problems.push(`${key} ${f}: ${s.fields[f] ?? 0} old, ${c.fields[f] ?? 0} copied`);
    }
  }
  for (const key of copy.keys()) if (!old.has(key)) problems.push(`${key}: only in the copy`);
  return problems;
}
