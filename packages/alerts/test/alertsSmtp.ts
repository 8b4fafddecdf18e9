/**
 * Test peers for the alert tests: a real SMTP server (the `smtp-server` package) on
 * loopback with a self-signed certificate made by the openssl CLI, and a real HTTP server
 * that records webhook POSTs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { PNG } from 'pngjs';

/** A self-signed certificate for 127.0.0.1 and localhost, in `dir`. */
export function selfSignedCert(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/** A message the SMTP server received. */
export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  /** Whether the session was TLS (SMTPS, or upgraded by STARTTLS) when the data came. */
  secure: boolean;
  raw: string;
  subject: string;
}

/** A real SMTP server on 127.0.0.1 that accepts `user`/`password` and records what it receives. */
export async function startSmtp(options: Partial<SMTPServerOptions> & { user?: string; password?: string }): Promise<{
  port: number;
  mails: ReceivedMail[];
  stop(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const { user = 'lab', password = 'pa55-word', ...rest } = options;
  const server = new SMTPServer({
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: rest.secure || rest.key ? [] : ['STARTTLS'],
    logger: false,
    ...rest,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === password) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          raw,
          subject: decodeSubject(raw),
        });
        cb();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  return { port, mails, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The Subject header, unfolded and with RFC 2047 encoded words decoded. */
export function decodeSubject(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const m = /^Subject: (.*)$/im.exec(head);
  if (!m) return '';
  return m[1]!
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

/** The PNG attachments of a raw MIME message, decoded. */
export function pngsOf(raw: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /Content-Type: image\/png[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) out.push(Buffer.from(m[1]!.replace(/\s/g, ''), 'base64'));
  return out;
}

/** Decodes a PNG and counts its colours and its "series blue" pixels: a blank image has one colour. */
export function inspectPng(png: Buffer): { width: number; height: number; colours: number; blue: number } {
  const img = PNG.sync.read(png);
  const colours = new Set<number>();
  let blue = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const r = img.data[i]!;
    const g = img.data[i + 1]!;
    const b = img.data[i + 2]!;
    colours.add((r << 16) | (g << 8) | b);
    if (b > 150 && r < 90 && g > 80 && g < 160) blue++;
  }
  return { width: img.width, height: img.height, colours: colours.size, blue };
}

/** A real HTTP server on 127.0.0.1 that records POSTs and answers `status()` (default 200). */
export async function startWebhook(status: () => number = () => 200): Promise<{
  url: string;
  posts: Array<{ headers: Record<string, string | string[] | undefined>; body: unknown }>;
  stop(): Promise<void>;
}> {
  const posts: Array<{ headers: Record<string, string | string[] | undefined>; body: unknown }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.statusCode = status();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
