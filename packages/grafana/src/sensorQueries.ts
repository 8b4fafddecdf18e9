/** The two queries of a sensor's panels: its history and its last value. */
export interface SensorQueries {
  /** Time series: the mean per Grafana interval. */
  history: string;
  /** Gauge: the last value in the dashboard's time range. */
  last: string;
}

/** An InfluxQL identifier in double quotes. */
function influxqlIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A Flux string literal (`${` would start an interpolation). */
function fluxString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${')}"`;
}

/**
 * InfluxQL queries of a measurement's `value` field, with Grafana's `$timeFilter` and
 * `$__interval` macros (InfluxDB 1.x, or the v2 API through its InfluxQL compatibility).
 *
 * @example
 * influxqlQueries('cryostat_temp').history;
 * // 'SELECT mean("value") FROM "cryostat_temp" WHERE $timeFilter GROUP BY time($__interval) fill(null)'
 */
export function influxqlQueries(measurement: string, field = 'value'): SensorQueries {
  const m = influxqlIdentifier(measurement);
  const f = influxqlIdentifier(field);
  return {
    history: `SELECT mean(${f}) FROM ${m} WHERE $timeFilter GROUP BY time($__interval) fill(null)`,
    last: `SELECT last(${f}) FROM ${m} WHERE $timeFilter`,
  };
}

/**
 * Flux queries of a measurement's `value` field in a bucket (InfluxDB 2.x with Grafana's Flux
 * mode), with Grafana's `v.timeRangeStart`, `v.timeRangeStop` and `v.windowPeriod`.
 *
 * @example
 * fluxQueries('lab', 'cryostat_temp').last;
 * // from(bucket: "lab") |> range(...) |> filter(...) |> last()
 */
export function fluxQueries(bucket: string, measurement: string, field = 'value'): SensorQueries {
  const base = [
    `from(bucket: ${fluxString(bucket)})`,
    '  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)',
    `  |> filter(fn: (r) => r._measurement == ${fluxString(measurement)} and r._field == ${fluxString(field)})`,
  ];
  return {
    history: [...base, '  |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)', '  |> yield(name: "mean")'].join('\n'),
    last: [...base, '  |> last()'].join('\n'),
  };
}

/**
 * InfluxQL of a field's last value within a fixed look-back, whatever the dashboard's time
 * range (a daily backup is not in the last 6 hours).
 *
 * @example
 * influxqlLastWithin('expmon_backup', 'ok', '30d'); // 'SELECT last("ok") FROM "expmon_backup" WHERE time > now() - 30d'
 */
export function influxqlLastWithin(measurement: string, field: string, lookBack: string): string {
  return `SELECT last(${influxqlIdentifier(field)}) FROM ${influxqlIdentifier(measurement)} WHERE time > now() - ${lookBack}`;
}

/**
 * Flux of a field's last value within a fixed look-back (see {@link influxqlLastWithin}).
 *
 * @example
 * fluxLastWithin('lab', 'expmon_backup', 'ok', '30d');
 * // from(bucket: "lab") |> range(start: -30d) |> filter(...) |> last()
 */
export function fluxLastWithin(bucket: string, measurement: string, field: string, lookBack: string): string {
  return [
    `from(bucket: ${fluxString(bucket)})`,
    `  |> range(start: -${lookBack})`,
    `  |> filter(fn: (r) => r._measurement == ${fluxString(measurement)} and r._field == ${fluxString(field)})`,
    '  |> last()',
  ].join('\n');
}
