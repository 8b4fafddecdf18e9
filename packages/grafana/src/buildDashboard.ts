import type { DataSourceRef, Dashboard, Panel, RowPanel, ThresholdsConfig, ThresholdsMode } from '@grafana/schema';
import type { Options as GaugeOptions } from '@grafana/schema/dist/esm/raw/composable/gauge/panelcfg/x/GaugePanelCfg_types.gen';
import type {
  FieldConfig as TimeSeriesFieldConfig,
  Options as TimeSeriesOptions,
} from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import { panelThresholds, type ThresholdRule } from './alertThresholds.js';
import { backupPanels } from './backupPanels.js';
import { grafanaUnit } from './grafanaUnit.js';
import type { SensorQueries } from './sensorQueries.js';

/** The refresh choices the seed lab set up by hand in Grafana's settings. */
export const REFRESH_INTERVALS = ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'] as const;

/** One sensor of the dashboard: a time-series panel and a gauge. */
export interface DashboardSensor {
  /** Measurement (the source's name): panel title and query. */
  measurement: string;
  description?: string;
  /** Row the sensor is shown in. */
  group: string;
  unit?: string;
}

/** Inputs of {@link buildDashboard}. */
export interface DashboardOptions {
  title: string;
  uid: string;
  sensors: readonly DashboardSensor[];
  datasource: DataSourceRef;
  /** Queries of a measurement in the data source's language. */
  queries: (measurement: string) => SensorQueries;
  /** Alert rules whose thresholds are drawn on the panels. */
  rules?: readonly ThresholdRule[];
  /** Poll interval in ms: the dashboard refreshes at the first refresh choice not faster. */
  intervalMs?: number;
  /** Query language: decides the shape of the panel targets. */
  language: 'InfluxQL' | 'Flux';
  /**
   * Query of the last value of an `expmon_backup` field (see backupPanels): given, the
   * dashboard ends with a `backups` row; omitted, it has none.
   */
  backupQuery?: (field: string) => string;
}

const PANEL_HEIGHT = 8;
const SERIES_WIDTH = 18;
const GAUGE_WIDTH = 24 - SERIES_WIDTH;

/**
 * A Grafana dashboard (schema of Grafana's `@grafana/schema`) with, per sensor, a time-series
 * panel of its history and a gauge of its last value, in one row per group, with the unit,
 * the description and the alert thresholds of the config; then, with `backupQuery`, a row
 * on the last backup (`expmon_backup`).
 *
 * @example
 * const dashboard = buildDashboard({
 *   title: 'Lab B12', uid: 'expmon-lab-b12', language: 'InfluxQL',
 *   datasource: { type: 'influxdb', uid: 'expmon-influxdb' },
 *   sensors: [{ measurement: 'cryostat_temp', group: 'cryostat', unit: 'K' }],
 *   queries: influxqlQueries,
 * });
 */
export function buildDashboard(o: DashboardOptions): Dashboard {
  const groups = new Map<string, DashboardSensor[]>();
  for (const s of o.sensors) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);

  const panels: Array<Panel | RowPanel> = [];
  let id = 1;
  let y = 0;
  for (const [group, sensors] of groups) {
    panels.push({ type: 'row', id: id++, title: group, collapsed: false, panels: [], gridPos: { h: 1, w: 24, x: 0, y } });
    y += 1;
    for (const s of sensors) {
      const { steps } = panelThresholds(s.measurement, o.rules ?? []);
      const thresholds: ThresholdsConfig = { mode: 'absolute' as ThresholdsMode, steps };
      const hasAlerts = steps.length > 1;
      const unit = grafanaUnit(s.unit);
      const q = o.queries(s.measurement);
      panels.push(timeSeriesPanel(id++, s, unit, thresholds, hasAlerts, target(o, q.history, s.measurement), o.datasource, y));
      panels.push(gaugePanel(id++, s, unit, thresholds, target(o, q.last, s.measurement), o.datasource, y));
      y += PANEL_HEIGHT;
    }
  }
  if (o.backupQuery) panels.push(...backupPanels({ datasource: o.datasource, language: o.language, lastQuery: o.backupQuery, firstId: id, y }));

  return {
    uid: o.uid,
    title: o.title,
    tags: ['expmon'],
    editable: true,
    graphTooltip: 1, // shared crosshair: compare sensors at one instant
    timezone: 'browser',
    time: { from: 'now-6h', to: 'now' },
    refresh: refreshFor(o.intervalMs),
    timepicker: { refresh_intervals: [...REFRESH_INTERVALS] },
    schemaVersion: 39,
    annotations: { list: [] },
    templating: { list: [] },
    panels,
  };
}

/** The first refresh choice that is not faster than the poll interval. */
function refreshFor(intervalMs: number | undefined): string {
  if (intervalMs === undefined) return '30s';
  const ms = (d: string): number => Number(d.slice(0, -1)) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[d.slice(-1) as 's' | 'm' | 'h' | 'd'];
  return REFRESH_INTERVALS.find((d) => ms(d) >= intervalMs) ?? '1d';
}

function target(o: DashboardOptions, query: string, measurement: string): Record<string, unknown> {
  return o.language === 'Flux'
    ? { refId: 'A', datasource: o.datasource, query }
    : { refId: 'A', datasource: o.datasource, query, rawQuery: true, resultFormat: 'time_series', alias: measurement };
}

function timeSeriesPanel(
  id: number,
  s: DashboardSensor,
  unit: string,
  thresholds: ThresholdsConfig,
  hasAlerts: boolean,
  query: Record<string, unknown>,
  datasource: DataSourceRef,
  y: number,
): Panel<Partial<TimeSeriesOptions>, Partial<TimeSeriesFieldConfig>> {
  return {
    type: 'timeseries',
    id,
    title: s.measurement,
    ...(s.description ? { description: s.description } : {}),
    datasource,
    gridPos: { h: PANEL_HEIGHT, w: SERIES_WIDTH, x: 0, y },
    targets: [query],
    fieldConfig: {
      defaults: {
        unit,
        ...(s.description ? { description: s.description } : {}),
        thresholds,
        color: { mode: 'palette-classic' } as NonNullable<Panel['fieldConfig']>['defaults']['color'],
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: 0,
          showPoints: 'never',
          spanNulls: false,
          // Alert thresholds as dashed lines with the alert side shaded.
          thresholdsStyle: { mode: hasAlerts ? 'dashed+area' : 'off' },
        } as Partial<TimeSeriesFieldConfig>,
      },
      overrides: [],
    },
    options: {
      legend: { showLegend: false, displayMode: 'list', placement: 'bottom', calcs: [] },
      tooltip: { mode: 'multi', sort: 'none' },
    } as Partial<TimeSeriesOptions>,
  };
}

function gaugePanel(
  id: number,
  s: DashboardSensor,
  unit: string,
  thresholds: ThresholdsConfig,
  query: Record<string, unknown>,
  datasource: DataSourceRef,
  y: number,
): Panel<Partial<GaugeOptions>> {
  return {
    type: 'gauge',
    id,
    title: `${s.measurement} (last)`,
    ...(s.description ? { description: s.description } : {}),
    datasource,
    gridPos: { h: PANEL_HEIGHT, w: GAUGE_WIDTH, x: SERIES_WIDTH, y },
    targets: [query],
    fieldConfig: {
      defaults: {
        unit,
        thresholds,
        color: { mode: 'thresholds' } as NonNullable<Panel['fieldConfig']>['defaults']['color'],
        ...(unit === 'percent' ? { min: 0, max: 100 } : {}),
      },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      showThresholdMarkers: true,
      showThresholdLabels: false,
    },
  };
}
