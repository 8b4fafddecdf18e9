import { z } from 'zod';
import { durationSchema as duration } from './durationSchema.js';
import { secretSchema as secret } from './secretSchema.js';

const CONDITIONS = ['above', 'below', 'outside', 'rate', 'noDataFor', 'onBatteryFor', 'batteryLow'] as const;

const rule = z
  .object({
    name: z.string().min(1),
    sensor: z.string().min(1),
    field: z.string().min(1).optional(),
    above: z.number().finite().optional(),
    below: z.number().finite().optional(),
    outside: z
      .tuple([z.number().finite(), z.number().finite()])
      .refine(([lo, hi]) => lo < hi, { message: 'must be [low, high] with low < high' })
      .optional(),
    rate: z.object({ above: z.number().positive(), per: duration }).strict().optional(),
    noDataFor: duration.optional(),
    onBatteryFor: duration.optional(),
    batteryLow: z.literal(true).optional(),
    for: duration.optional(),
    hysteresis: z.number().min(0).optional(),
    message: z.string().optional(),
  })
  .strict()
  .refine((r) => CONDITIONS.some((c) => r[c] !== undefined), {
    message: `needs a condition: one of ${CONDITIONS.join(', ')}`,
  });

const limit = z.object({ count: z.number().int().min(1), per: duration }).strict();

/**
 * The zod schema of the config's `alerts` key.
 *
 * @example
 * alertsSchema.safeParse({ rules: [{ name: 'hot', sensor: 'lab_temp', above: 30 }] }).success; // true
 */
export const alertsSchema = z
  .object({
    rules: z.array(rule),
    notify: z
      .object({
        email: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535).optional(),
            secure: z.enum(['smtps', 'starttls', 'none']),
            user: z.string().min(1).optional(),
            password: secret.optional(),
            from: z.string().min(3),
            to: z.array(z.string().min(3)).min(1, { message: 'must list at least one address' }),
            tls: z.object({ ca: z.string().min(1).optional(), rejectUnauthorized: z.boolean().optional() }).strict().optional(),
          })
          .strict()
          .optional(),
        webhook: z
          .object({
            url: z.string().refine((v) => /^https?:\/\/[^/]+/.test(v), { message: 'must be an http:// or https:// URL' }),
            headers: z.record(z.string(), z.union([z.string(), secret])).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    rateLimit: z.object({ perRule: limit.optional(), global: limit.optional() }).strict().optional(),
    digest: duration.optional(),
    chartSpan: duration.optional(),
    chartFont: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const seen = new Map<string, number>();
    a.rules.forEach((r, i) => {
      const first = seen.get(r.name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `duplicate rule name '${r.name}' (also rules[${first}])` });
      } else seen.set(r.name, i);
    });
  });
