import { resolveSecret, type Secret } from '@expmon/core';
import type { WebhookNotifyConfig } from './AlertsConfig.js';
import type { AlertMessage } from './AlertMessage.js';
import type { Notifier } from './Notifier.js';

/** The JSON body a webhook receives. */
export interface WebhookPayload {
  /** Subject and text together: Mattermost, Slack and Rocket.Chat incoming webhooks show `text`. */
  text: string;
  subject: string;
  origin: string;
  events: Array<{
    kind: 'firing' | 'resolved';
    rule: string;
    sensor: string;
    value: number | null;
    unit: string | null;
    /** ISO 8601. */
    time: string;
    since: string;
    reason: string;
    message: string | null;
  }>;
}

/**
 * POSTs alert messages as JSON ({@link WebhookPayload}) to a URL. Headers may carry secrets
 * (`Authorization: { env: 'HOOK_TOKEN' }`), read once here. A non-2xx answer is a failure.
 *
 * @example
 * const hook = new WebhookNotifier({ url: 'https://chat.example.org/hooks/abc' });
 * await hook.send(message);
 */
export class WebhookNotifier implements Notifier {
  readonly name: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly config: WebhookNotifyConfig,
    configFile?: string,
  ) {
    this.name = `webhook ${new URL(config.url).origin}`;
    this.headers = { 'content-type': 'application/json' };
    for (const [k, v] of Object.entries(config.headers ?? {})) {
      this.headers[k.toLowerCase()] = typeof v === 'string' ? v : resolveSecret(v as Secret, `alerts.notify.webhook.headers.${k}`, { file: configFile });
    }
  }

  async send(message: AlertMessage): Promise<void> {
    const payload: WebhookPayload = {
      text: `${message.subject}\n\n${message.text}`,
      subject: message.subject,
      origin: message.origin,
      events: message.events.map((e) => ({
        kind: e.kind,
        rule: e.rule.name,
        sensor: e.sensor,
        value: e.value ?? null,
        unit: e.unit ?? null,
        time: new Date(e.time).toISOString(),
        since: new Date(e.since).toISOString(),
        reason: e.reason,
        message: e.rule.message ?? null,
      })),
    };
    const res = await fetch(this.config.url, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(20_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status} ${res.statusText}`);
  }
}
