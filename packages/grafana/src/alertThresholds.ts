/**
 * The parts of an alert rule (of `@expmon/alerts`) that can be drawn on a panel.
 *
 * @example
 * const rule: ThresholdRule = { name: 'warm', sensor: 'cryostat_temp', above: 4.5 };
 */
export interface ThresholdRule {
  name: string;
  /** The measurement the rule watches. */
  sensor: string;
  /** Field; default `value`. */
  field?: string;
  above?: number;
  below?: number;
  outside?: [number, number];
}

/** One step of Grafana's absolute thresholds: from `value` upwards (null = from -∞) the color. */
export interface ThresholdStep {
  color: string;
  value: number | null;
}

/** Threshold steps of one panel, and the rules they come from. */
export interface PanelThresholds {
  steps: ThresholdStep[];
  rules: string[];
}

const OK = 'green';
const ALERT = 'red';

/**
 * Reads `config.alerts.rules` defensively (the alerts feature may be absent) and keeps the
 * rules with a fixed threshold: `above`, `below` or `outside`.
 *
 * @example
 * thresholdRules({ alerts: { rules: [{ name: 'hot', sensor: 'lab_temp', above: 30 }] } });
 * // [{ name: 'hot', sensor: 'lab_temp', above: 30 }]
 */
export function thresholdRules(config: unknown): ThresholdRule[] {
  const rules = (config as { alerts?: { rules?: unknown } } | undefined)?.alerts?.rules;
  if (!Array.isArray(rules)) return [];
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const out: ThresholdRule[] = [];
  for (const r of rules as Array<Record<string, unknown>>) {
    if (typeof r !== 'object' || r === null || typeof r.sensor !== 'string' || typeof r.name !== 'string') continue;
    const outside = Array.isArray(r.outside) && r.outside.length === 2 && finite(r.outside[0]) && finite(r.outside[1]) ? ([r.outside[0], r.outside[1]] as [number, number]) : undefined;
    const rule: ThresholdRule = {
      name: r.name,
      sensor: r.sensor,
      ...(typeof r.field === 'string' ? { field: r.field } : {}),
      ...(finite(r.above) ? { above: r.above } : {}),
      ...(finite(r.below) ? { below: r.below } : {}),
      ...(outside ? { outside } : {}),
    };
    if (rule.above !== undefined || rule.below !== undefined || rule.outside) out.push(rule);
  }
  return out;
}

/**
 * Grafana threshold steps for one measurement's `value` from the alert rules on it: red where
 * some rule fires (above the lowest `above`/upper `outside` bound, below the highest
 * `below`/lower `outside` bound), green in between. No rule: green only.
 *
 * @example
 * panelThresholds('cryostat_temp', [{ name: 'warm', sensor: 'cryostat_temp', above: 4.5 }]).steps;
 * // [{ color: 'green', value: null }, { color: 'red', value: 4.5 }]
 * panelThresholds('p', [{ name: 'p', sensor: 'p', outside: [1e-9, 1e-6] }]).steps;
 * // [{ color: 'red', value: null }, { color: 'green', value: 1e-9 }, { color: 'red', value: 1e-6 }]
 */
export function panelThresholds(measurement: string, rules: readonly ThresholdRule[], field = 'value'): PanelThresholds {
  const mine = rules.filter((r) => r.sensor === measurement && (r.field ?? 'value') === field);
  const highs = mine.flatMap((r) => [r.above, r.outside?.[1]]).filter((v): v is number => v !== undefined);
  const lows = mine.flatMap((r) => [r.below, r.outside?.[0]]).filter((v): v is number => v !== undefined);
  const high = highs.length ? Math.min(...highs) : undefined;
  const low = lows.length ? Math.max(...lows) : undefined;
  const steps: ThresholdStep[] = [];
  if (low === undefined) steps.push({ color: OK, value: null });
  else if (high !== undefined && high <= low) steps.push({ color: ALERT, value: null }); // no value is fine
  else steps.push({ color: ALERT, value: null }, { color: OK, value: low });
  if (high !== undefined && !(low !== undefined && high <= low)) steps.push({ color: ALERT, value: high });
  return { steps, rules: mine.map((r) => r.name) };
}
