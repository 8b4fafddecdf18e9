import type { DataSourceRef, Panel, RowPanel, ThresholdsMode } from '@grafana/schema';

/**
 * The measurement `expmon-runner backup` stores each run in (fields ok, bytes, seconds, verified).
 *
 * @example
 * influxqlLastWithin(BACKUP_MEASUREMENT, 'ok', BACKUP_LOOK_BACK);
 */
export const BACKUP_MEASUREMENT = 'expmon_backup';

/**
 * How far back the backup panels look, whatever the dashboard's time range.
 *
 * @example
 * influxqlLastWithin(BACKUP_MEASUREMENT, 'verified', BACKUP_LOOK_BACK);
 */
export const BACKUP_LOOK_BACK = '30d';

/**
 * Inputs of {@link backupPanels}.
 *
 * @example
 * backupPanels({ datasource, language: 'Flux', lastQuery: (f) => fluxLastWithin('lab', BACKUP_MEASUREMENT, f, BACKUP_LOOK_BACK), firstId: 1, y: 0 });
 */
export interface BackupPanelsOptions {
  datasource: DataSourceRef;
  /** Query of the last value of an `expmon_backup` field within {@link BACKUP_LOOK_BACK}. */
  lastQuery: (field: string) => string;
  language: 'InfluxQL' | 'Flux';
  /** Id of the row; the panels take the next ones. */
  firstId: number;
  /** Grid row where the row starts. */
  y: number;
}

const HEIGHT = 4;
const DESCRIPTION = `Written by \`expmon-runner backup\` (measurement ${BACKUP_MEASUREMENT}) after each run. No data: no backup in the last ${BACKUP_LOOK_BACK}.`;

type Stat = { title: string; field: string; unit?: string; mappings?: unknown[]; thresholds?: Array<{ color: string; value: number | null }>; time?: boolean; w: number };

const yesNo = (yes: string, no: string): unknown[] => [
  {
    type: 'value',
    options: {
      true: { text: yes, color: 'green', index: 0 },
      '1': { text: yes, color: 'green', index: 1 },
      false: { text: no, color: 'red', index: 2 },
      '0': { text: no, color: 'red', index: 3 },
    },
  },
];
const redBelowOne = [
  { color: 'red', value: null },
  { color: 'green', value: 1 },
];

const STATS: Stat[] = [
  { title: 'last backup', field: 'ok', mappings: yesNo('OK', 'FAILED'), thresholds: redBelowOne, w: 5 },
  { title: 'last backup verified', field: 'verified', mappings: yesNo('verified', 'NOT verified'), thresholds: redBelowOne, w: 5 },
  // The time of the last run, shown as its age ("3 hours ago").
  { title: 'last backup age', field: 'ok', unit: 'dateTimeFromNow', time: true, w: 5 },
  { title: 'last backup size', field: 'bytes', unit: 'bytes', w: 5 },
  { title: 'last backup duration', field: 'seconds', unit: 's', w: 4 },
];

/**
 * A `backups` row of stat panels on the `expmon_backup` measurement that the `backup`
 * command writes: whether the last backup succeeded and was verified (green/red), how long
 * ago it ran, its size and duration. The look-back is fixed ({@link BACKUP_LOOK_BACK}), so a
 * daily backup shows on a dashboard opened on the last hour.
 *
 * @example
 * const panels = backupPanels({ datasource: { type: 'influxdb', uid: 'expmon-influxdb' }, language: 'InfluxQL',
 *   lastQuery: (f) => influxqlLastWithin('expmon_backup', f, '30d'), firstId: 20, y: 40 });
 * panels.map((p) => p.title); // ['backups', 'last backup', 'last backup verified', 'last backup age', ...]
 */
export function backupPanels(o: BackupPanelsOptions): Array<Panel | RowPanel> {
  const out: Array<Panel | RowPanel> = [
    { type: 'row', id: o.firstId, title: 'backups', collapsed: false, panels: [], gridPos: { h: 1, w: 24, x: 0, y: o.y } },
  ];
  let x = 0;
  STATS.forEach((s, i) => {
    const query =
      o.language === 'Flux'
        ? { refId: 'A', datasource: o.datasource, query: o.lastQuery(s.field) }
        : { refId: 'A', datasource: o.datasource, query: o.lastQuery(s.field), rawQuery: true, resultFormat: 'time_series', alias: s.field };
    out.push({
      type: 'stat',
      id: o.firstId + 1 + i,
      title: s.title,
      description: DESCRIPTION,
      datasource: o.datasource,
      gridPos: { h: HEIGHT, w: s.w, x, y: o.y + 1 },
      targets: [query],
      fieldConfig: {
        defaults: {
          ...(s.unit ? { unit: s.unit } : {}),
          ...(s.mappings ? { mappings: s.mappings as NonNullable<Panel['fieldConfig']>['defaults']['mappings'] } : {}),
          thresholds: { mode: 'absolute' as ThresholdsMode, steps: s.thresholds ?? [{ color: 'text', value: null }] },
          color: { mode: 'thresholds' } as NonNullable<Panel['fieldConfig']>['defaults']['color'],
        },
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: s.time ? '/^Time$/' : '', values: false },
        colorMode: s.thresholds ? 'background' : 'none',
        graphMode: 'none',
        textMode: 'value',
        justifyMode: 'center',
      },
    });
    x += s.w;
  });
  return out;
}
