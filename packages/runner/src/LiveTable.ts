import type { Reading } from '@expmon/core';
import { formatTable } from '@expmon/core';
import type { PollOutcome } from './pollSource.js';

interface Row {
  sensor: string;
  measurement: string;
  value: string;
  unit: string;
  time: string;
  latency: string;
  error: string;
}

/**
 * The `--verbose` view on a TTY: the latest reading of every series, redrawn in place
 * at most a few times a second.
 */
export class LiveTable {
  private readonly rows = new Map<string, Row>();
  private lastLines = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly out: NodeJS.WriteStream) {}

  reading(r: Reading, sensor: string): void {
    const v = r.fields.value ?? Object.values(r.fields)[0];
    const key = `${sensor}\u0000${r.measurement}`;
    const prev = this.rows.get(key);
    this.rows.set(key, {
      sensor,
      measurement: r.measurement,
      value: typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v),
      unit: r.tags.unit ?? '',
      time: new Date(r.time).toISOString().slice(11, 23),
      latency: prev?.latency ?? '',
      error: '',
    });
    this.schedule();
  }

  outcome(o: PollOutcome): void {
    for (const [key, row] of this.rows) {
      if (row.sensor === o.source) {
        row.latency = `${Math.round(o.latencyMs)} ms`;
        row.error = o.ok ? '' : String((o.error as Error)?.message ?? o.error);
        this.rows.set(key, row);
      }
    }
    if (!o.ok && ![...this.rows.values()].some((r) => r.sensor === o.source)) {
      this.rows.set(`${o.source}\u0000`, {
        sensor: o.source,
        measurement: '',
        value: '',
        unit: '',
        time: '',
        latency: `${Math.round(o.latencyMs)} ms`,
        error: String((o.error as Error)?.message ?? o.error),
      });
    }
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.draw();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, 250);
  }

  private draw(): void {
    const rows = [...this.rows.values()].sort((a, b) => a.sensor.localeCompare(b.sensor) || a.measurement.localeCompare(b.measurement));
    const text = formatTable(
      ['sensor', 'measurement', 'value', 'unit', 'time (UTC)', 'latency', 'error'],
      rows.map((r) => [r.sensor, r.measurement, r.value, r.unit, r.time, r.latency, r.error]),
    );
    const clear = this.lastLines > 0 ? `\x1b[${this.lastLines}A\x1b[0J` : '';
    this.out.write(`${clear}${text}\n`);
    this.lastLines = text.split('\n').length;
  }
}
