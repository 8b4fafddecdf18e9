// `@expmon/alerts/config`: the `alerts` key of a config (types, zod schema, defaults) and
// nothing else, so that a config loader validates it without loading nodemailer or pureimage.
export type { AlertsConfig, AlertRule, EmailNotifyConfig, WebhookNotifyConfig, RateLimitConfig } from './AlertsConfig.js';
export { alertsSchema } from './alertsSchema.js';
export { resolveAlerts, DEFAULT_RATE_LIMITS, type ResolvedAlerts, type ResolvedRule, type ResolvedLimit } from './resolveAlerts.js';
export type { Duration, Secret } from '@expmon/core';
