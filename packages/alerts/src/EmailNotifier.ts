import { readFileSync } from 'node:fs';
import { createTransport, type Transporter } from 'nodemailer';
import { ConfigError, resolveSecret } from '@expmon/core';
import type { EmailNotifyConfig } from './AlertsConfig.js';
import type { AlertMessage } from './AlertMessage.js';
import type { Notifier } from './Notifier.js';

const DEFAULT_PORTS = { smtps: 465, starttls: 587, none: 25 } as const;

/**
 * Sends alert messages by e-mail through an SMTP server (nodemailer): `smtps` (TLS from the
 * first byte, port 465, the seed lab's university server), `starttls` (port 587; refused
 * unless the server upgrades to TLS) or `none` (a local relay). The password comes from a
 * {@link Secret} (environment or file), read once here, never logged. Charts go inline.
 *
 * @example
 * const mail = new EmailNotifier({ host: 'smtps.example.org', secure: 'smtps', user: 'me@example.org',
 *   password: { env: 'SMTP_PASSWORD' }, from: 'expmon@example.org', to: ['team@example.org'] });
 * await mail.send(message);
 */
export class EmailNotifier implements Notifier {
  readonly name: string;
  private readonly transport: Transporter;

  constructor(
    private readonly config: EmailNotifyConfig,
    configFile?: string,
  ) {
    const port = config.port ?? DEFAULT_PORTS[config.secure];
    this.name = `email smtp://${config.host}:${port}`;
    const password = resolveSecret(config.password, 'alerts.notify.email.password', { file: configFile });
    let ca: Buffer | undefined;
    if (config.tls?.ca !== undefined) {
      try {
        ca = readFileSync(config.tls.ca);
      } catch (cause) {
        throw new ConfigError(`cannot read CA file ${config.tls.ca}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, {
          file: configFile,
          field: 'alerts.notify.email.tls.ca',
          cause,
        });
      }
    }
    this.transport = createTransport({
      host: config.host,
      port,
      secure: config.secure === 'smtps',
      requireTLS: config.secure === 'starttls',
      ignoreTLS: config.secure === 'none',
      auth: config.user ? { user: config.user, pass: password ?? '' } : undefined,
      tls: { ca, rejectUnauthorized: config.tls?.rejectUnauthorized ?? true },
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
      logger: false,
    });
  }

  async send(message: AlertMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.config.from,
      to: this.config.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.charts.map((c) => ({ filename: c.filename, content: c.png, contentType: 'image/png', cid: c.cid })),
    });
  }

  close(): void {
    this.transport.close();
  }
}
