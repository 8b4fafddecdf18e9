import type { Duration, Secret } from '@expmon/core';

/**
 * One alert rule: a condition on one measurement's field. Conditions given together fire
 * when any of them holds. The rule fires once its condition has held for `for`, and is
 * resolved (a recovery notice) when the value is back past the threshold by `hysteresis`.
 *
 * @example
 * { name: 'cryostat_warm', sensor: 'cryostat_temp', above: 4.5, for: '2m', hysteresis: 0.2 }
 * { name: 'pump_silent', sensor: 'turbo_speed', noDataFor: '5m' }
 * { name: 'on_battery', sensor: 'ups', onBatteryFor: '2m' }
 */
export interface AlertRule {
  /** Unique name: shown in messages, used by `silence add --rule`. */
  name: string;
  /** The measurement the rule watches (a sensor's measurement name). */
  sensor: string;
  /** Field of the reading; default `value`. */
  field?: string;
  /** Fires when the value is above this. */
  above?: number;
  /** Fires when the value is below this. */
  below?: number;
  /** Fires when the value is outside `[lo, hi]`. */
  outside?: [number, number];
  /** Fires when the value changed by more than `above` (either way) within `per`. */
  rate?: { above: number; per: Duration };
  /** Fires when the sensor sent no reading for this long. */
  noDataFor?: Duration;
  /** Fires when the UPS (field `on_battery`) has been on battery this long. */
  onBatteryFor?: Duration;
  /** Fires when the UPS reports its battery low (field `battery_low`). */
  batteryLow?: true;
  /** How long the condition must hold before the rule fires; default 0 (at once). */
  for?: Duration;
  /** Margin the value must come back by before the rule resolves; default 0. */
  hysteresis?: number;
  /** Text added to the notification (what to do, whom to call). */
  message?: string;
}

/**
 * E-mail through an SMTP server (nodemailer).
 *
 * @example
 * { host: 'smtp.example.org', secure: 'smtps', user: 'lab', password: { env: 'SMTP_PASSWORD' }, from: 'lab@example.org', to: ['team@example.org'] }
 */
export interface EmailNotifyConfig {
  host: string;
  /** Default 465 for `smtps`, 587 for `starttls`, 25 for `none`. */
  port?: number;
  /** `smtps`: TLS from the first byte (port 465); `starttls`: plain then upgraded, refused if the server can't (587); `none`: no TLS (a local relay). */
  secure: 'smtps' | 'starttls' | 'none';
  user?: string;
  password?: Secret;
  from: string;
  to: string[];
  /** TLS: a PEM file of the CA to trust (a lab's own server), or `rejectUnauthorized: false` to skip verification. */
  tls?: { ca?: string; rejectUnauthorized?: boolean };
}

/**
 * A JSON POST to a URL (Mattermost, Slack, ntfy, a lab script).
 *
 * @example
 * { url: 'https://chat.example.org/hooks/abc', headers: { Authorization: { env: 'HOOK_TOKEN' } } }
 */
export interface WebhookNotifyConfig {
  url: string;
  /** Extra headers; values that are secrets (tokens) as `{ env }` / `{ file }`. */
  headers?: Record<string, string | Secret>;
}

/**
 * A limit of `count` messages within `per`.
 *
 * @example
 * { count: 4, per: '1h' }
 */
export interface RateLimitConfig {
  count: number;
  per: Duration;
}

/**
 * The `alerts` key of a config.
 *
 * @example
 * { rules: [{ name: 'hot', sensor: 'lab_temp', above: 30 }], notify: { webhook: { url: 'https://chat.example.org/hooks/abc' } }, chartSpan: '2h' }
 */
export interface AlertsConfig {
  rules: AlertRule[];
  notify?: { email?: EmailNotifyConfig; webhook?: WebhookNotifyConfig };
  /**
   * Messages allowed per rule and in all; what exceeds a limit is held and sent as one
   * digest as soon as the limit allows. Default perRule 4 per 1h, global 12 per 1h
   * (a university mail account gets blocked at a few dozen an hour).
   */
  rateLimit?: { perRule?: RateLimitConfig; global?: RateLimitConfig };
  /** Group alert changes: send at most one message per this period (first change at once). Default: none. */
  digest?: Duration;
  /** How much history the chart of an alert shows; default `1h`. */
  chartSpan?: Duration;
  /** A TrueType font for the chart's labels; default: DejaVu Sans or Liberation Sans if installed, else no labels. */
  chartFont?: string;
}
