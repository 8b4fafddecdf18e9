import { resolve } from 'node:path';
import { parseDuration } from '@expmon/core';
import type { AlertRule, AlertsConfig, EmailNotifyConfig, WebhookNotifyConfig } from './AlertsConfig.js';

/** A rule with its durations in milliseconds and its field filled in. */
export interface ResolvedRule {
  name: string;
  sensor: string;
  field: string;
  above?: number;
  below?: number;
  outside?: [number, number];
  rate?: { above: number; perMs: number };
  noDataForMs?: number;
  onBatteryForMs?: number;
  batteryLow?: boolean;
  forMs: number;
  hysteresis: number;
  message?: string;
}

/** A message budget: `count` messages per `perMs`. */
export interface ResolvedLimit {
  count: number;
  perMs: number;
}

/** The `alerts` key with every default filled in. */
export interface ResolvedAlerts {
  rules: ResolvedRule[];
  email?: EmailNotifyConfig;
  webhook?: WebhookNotifyConfig;
  perRule: ResolvedLimit;
  global: ResolvedLimit;
  digestMs?: number;
  chartSpanMs: number;
  chartFont?: string;
}

/**
 * Default limits: a university mail account is blocked after a few dozen messages an hour.
 *
 * @example
 * DEFAULT_RATE_LIMITS.perRule; // { count: 4, perMs: 3600000 }
 */
export const DEFAULT_RATE_LIMITS = { perRule: { count: 4, perMs: 3_600_000 }, global: { count: 12, perMs: 3_600_000 } };

/**
 * Fills in the defaults of a validated `alerts` key (durations to ms, field `value`,
 * rate limits), resolving file paths (CA, font) against the config's folder.
 *
 * @example
 * resolveAlerts({ rules: [{ name: 'hot', sensor: 'lab_temp', above: 30, for: '1m' }] }, '/etc/expmon');
 * // { rules: [{ name: 'hot', sensor: 'lab_temp', field: 'value', above: 30, forMs: 60000, hysteresis: 0 }], ... }
 */
export function resolveAlerts(alerts: AlertsConfig, configDir: string): ResolvedAlerts {
  const ms = (d: unknown): number | undefined => parseDuration(d);
  const email = alerts.notify?.email;
  return {
    rules: alerts.rules.map((r) => resolveRule(r)),
    email: email && {
      ...email,
      tls: email.tls && { ...email.tls, ca: email.tls.ca === undefined ? undefined : resolve(configDir, email.tls.ca) },
    },
    webhook: alerts.notify?.webhook,
    perRule: alerts.rateLimit?.perRule
      ? { count: alerts.rateLimit.perRule.count, perMs: ms(alerts.rateLimit.perRule.per)! }
      : DEFAULT_RATE_LIMITS.perRule,
    global: alerts.rateLimit?.global
      ? { count: alerts.rateLimit.global.count, perMs: ms(alerts.rateLimit.global.per)! }
      : DEFAULT_RATE_LIMITS.global,
    digestMs: ms(alerts.digest),
    chartSpanMs: ms(alerts.chartSpan) ?? 3_600_000,
    chartFont: alerts.chartFont === undefined ? undefined : resolve(configDir, alerts.chartFont),
  };
}

function resolveRule(r: AlertRule): ResolvedRule {
  const out: ResolvedRule = {
    name: r.name,
    sensor: r.sensor,
    field: r.field ?? 'value',
    forMs: parseDuration(r.for) ?? 0,
    hysteresis: r.hysteresis ?? 0,
  };
  if (r.above !== undefined) out.above = r.above;
  if (r.below !== undefined) out.below = r.below;
  if (r.outside !== undefined) out.outside = r.outside;
  if (r.rate !== undefined) out.rate = { above: r.rate.above, perMs: parseDuration(r.rate.per)! };
  if (r.noDataFor !== undefined) out.noDataForMs = parseDuration(r.noDataFor);
  if (r.onBatteryFor !== undefined) out.onBatteryForMs = parseDuration(r.onBatteryFor);
  if (r.batteryLow) out.batteryLow = true;
  if (r.message !== undefined) out.message = r.message;
  return out;
}
