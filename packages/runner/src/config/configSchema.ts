import { z } from 'zod';
import { durationSchema as duration } from './durationSchema.js';
import { secretSchema as secret } from './secretSchema.js';
import { isSource, type Reading, type Source } from '@expmon/core';
import type { MonoTypeOperatorFunction } from 'rxjs';
import type { Sink } from '@expmon/store';
import { alertsSchema } from '@expmon/alerts/config';

const source = z.custom<Source>(isSource, {
  message: "must be a Source: an object with kind ('polled' or 'push'), name, device and read()",
});

const operator = z.custom<MonoTypeOperatorFunction<Reading>>((v) => typeof v === 'function', {
  message: 'must be an RxJS operator such as convert(...) or spikeFilter(...)',
});

const entry = z.preprocess(
  (v) => (isSource(v) ? { source: v } : v),
  z
    .object({
      source,
      operators: z.array(operator).optional(),
      interval: duration.optional(),
      timeout: duration.optional(),
      description: z.string().optional(),
      group: z.string().min(1).optional(),
      unit: z.string().min(1).optional(),
    })
    .strict(),
);

const url = z.string().refine((v) => /^https?:\/\/[^/]+/.test(v), { message: 'must be an http:// or https:// URL' });

const sink = z.preprocess(
  (v) =>
    typeof v === 'object' && v !== null && typeof (v as { write?: unknown }).write === 'function' ? { type: 'custom', sink: v } : v,
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('influx-v2'), url, org: z.string().min(1), bucket: z.string().min(1), token: secret.optional() }).strict(),
    z
      .object({
        type: z.literal('influx-v1'),
        url,
        database: z.string().min(1),
        retentionPolicy: z.string().min(1).optional(),
        username: z.string().min(1).optional(),
        password: secret.optional(),
      })
      .strict(),
    z.object({ type: z.literal('file'), dir: z.string().min(1).optional() }).strict(),
    z.object({ type: z.literal('custom'), sink: z.custom<Sink>() }),
  ]),
);

/** The zod schema of a config file's default export. */
export const configSchema = z
  .object({
    interval: duration.optional(),
    sources: z.array(entry).min(1, { message: 'must list at least one source' }),
    sinks: z.array(sink).optional(),
    dataDir: z.string().min(1).optional(),
    maxQueueBytes: z.number().int().min(1024 * 1024, { message: 'must be at least 1 MiB' }).optional(),
    batchSize: z.number().int().min(1).max(100_000).optional(),
    shutdownTimeout: duration.optional(),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).optional(),
    alerts: alertsSchema.optional(),
    status: z
      .object({
        health: z.boolean().optional(),
        /** An unchanged source health state is stored at most this often; default '1m'. */
        healthEvery: duration.optional(),
        http: z
          .object({ port: z.number().int().min(0).max(65535), host: z.string().min(1).optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.sources.forEach((e, i) => {
      const name = e.source.name;
      const first = seen.get(name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'source', 'name'],
          message: `duplicate source name '${name}' (also sources[${first}])`,
        });
      } else seen.set(name, i);
    });
  });

export type ParsedConfig = z.infer<typeof configSchema>;
