import type { AlertMessage } from './AlertMessage.js';

/**
 * Where alert messages go (e-mail, webhook). `send` rejects when the message was not
 * delivered to the next hop (the SMTP server, the webhook's HTTP server).
 *
 * @example
 * const log: Notifier = { name: 'log', send: async (m) => console.log(m.subject) };
 */
export interface Notifier {
  readonly name: string;
  send(message: AlertMessage): Promise<void>;
  close?(): void;
}
