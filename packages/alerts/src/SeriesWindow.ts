/** One point of a series: time in ms since the epoch, a number. */
export interface SeriesPoint {
  time: number;
  value: number;
}

/**
 * The recent values of every watched series (a measurement's field), kept for `spanMs`
 * behind the newest point: what an alert's chart shows and what rate rules look back on.
 * After a restart, {@link SeriesWindow.fill} puts back what the database holds.
 *
 * @example
 * const w = new SeriesWindow(3_600_000);
 * w.push('lab_temp', 'value', { time: Date.now(), value: 21.5 });
 * w.points('lab_temp', 'value'); // [{ time, value: 21.5 }]
 */
export class SeriesWindow {
  private readonly series = new Map<string, SeriesPoint[]>();

  constructor(readonly spanMs: number) {}

  /** Adds a point and forgets the points older than the span. */
  push(measurement: string, field: string, point: SeriesPoint): void {
    const key = `${measurement}\u0000${field}`;
    let pts = this.series.get(key);
    if (!pts) {
      pts = [];
      this.series.set(key, pts);
    }
    pts.push(point);
    const oldest = point.time - this.spanMs;
    let drop = 0;
    while (drop < pts.length && pts[drop]!.time < oldest) drop++;
    if (drop > 0) pts.splice(0, drop);
  }

  /**
   * Adds points read back from the database (after a restart) to a series: merged in time
   * order with what is already kept (a point at a time already kept is not added twice),
   * then trimmed to the span behind the newest point.
   */
  fill(measurement: string, field: string, points: readonly SeriesPoint[]): void {
    if (points.length === 0) return;
    const key = `${measurement}\u0000${field}`;
    const kept = this.series.get(key) ?? [];
    const times = new Set(kept.map((p) => p.time));
    const merged = [...kept, ...points.filter((p) => !times.has(p.time))].sort((a, b) => a.time - b.time);
    const oldest = merged[merged.length - 1]!.time - this.spanMs;
    this.series.set(
      key,
      merged.filter((p) => p.time >= oldest),
    );
  }

  /** The points kept for a series, oldest first (empty if none). */
  points(measurement: string, field: string): readonly SeriesPoint[] {
    return this.series.get(`${measurement}\u0000${field}`) ?? [];
  }
}
