import { createCipheriv } from 'node:crypto';
import snmp from 'net-snmp';
import {
  ConfigError,
  type ExpmonError,
  type PolledSource,
  ProblemSubject,
  type ProblemStream,
  type Reading,
  type ReadOptions,
  resolveSecret,
  type SourceTiming,
} from '@expmon/source-kit';
import type { SnmpAuthProtocol, SnmpPrivProtocol, SnmpSecurityLevel, SnmpUpsOptions } from './SnmpUpsOptions.js';
import { decodeUpsStatus, type SnmpAnswer } from './decodeUpsStatus.js';
import { SnmpAuthenticationError } from './errors/SnmpAuthenticationError.js';
import { toSnmpError } from './toSnmpError.js';
import { upsMibOids, type UpsMibObject } from './upsMib.js';
import { upsReadings } from './upsReadings.js';
import type { UpsStatus } from './UpsStatus.js';
import { xupsMibOids, type XupsMibObject } from './xupsMib.js';

const AUTH_PROTOCOLS: readonly SnmpAuthProtocol[] = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'];
const PRIV_PROTOCOLS: readonly SnmpPrivProtocol[] = ['des', 'aes', 'aes256b', 'aes256r'];
const LEVELS: readonly SnmpSecurityLevel[] = ['noAuthNoPriv', 'authNoPriv', 'authPriv'];
/** One attempt: a UPS card on the LAN answers in milliseconds; 800 ms leaves room for a busy one. */
const DEFAULT_TIMEOUT_MS = 800;
/** One retry: 2 × 800 ms = 1.6 s at most, which fits a 2 s interval and leaves a 5 s one ample room. */
const DEFAULT_RETRIES = 1;

interface Resolved {
  host: string;
  port: number;
  version: '1' | '2c' | '3';
  community: string;
  user: snmp.User | undefined;
  context: string;
  timeoutMs: number;
  retries: number;
  schema: 'fields' | 'python';
  integerValues: boolean;
  measurement: string;
  tags: Record<string, string>;
  ups: Readonly<Record<UpsMibObject, string>>;
  xups: Readonly<Record<XupsMibObject, string>> | undefined;
}

/**
 * Any UPS that serves the RFC 1628 UPS-MIB, read over SNMP v1, v2c or v3 with one GET of
 * every OID per read. A core `PolledSource`: the runner calls {@link SnmpUps.read} every
 * cycle; a script calls it once, or uses `observeSource(ups, { intervalMs })` from
 * `@expmon/core` for an Observable.
 *
 * Bad options throw a `ConfigError` here; secrets are read from the environment or files now.
 *
 * @example
 * import { SnmpUps } from '@expmon/driver-eaton';
 * const ups = new SnmpUps({ host: '10.0.0.3', community: 'public' });
 * console.log(await ups.read());
 * await ups.close();
 */
export class SnmpUps implements PolledSource, SourceTiming {
  readonly kind = 'polled' as const;
  readonly name: string;
  readonly device: string;
  /**
   * The longest one read can take: `timeoutMs` × (1 + `retries`) (1600 ms by default). The
   * runner checks at config load that this fits in the source's read timeout, so that the
   * driver's own error (which says what is wrong) comes before the runner's timeout. SNMPv3's
   * first read of a session also waits for engine discovery, one round trip (milliseconds on
   * a LAN; an agent that does not answer it fails the read within the attempts above).
   */
  readonly maxReadMs: number;
  /**
   * Problems that dropped a value but not the reading (a wrong type on an optional object):
   * `ups.problems.subscribe((p) => …)`, no RxJS needed. As an RxJS Observable:
   * `new Observable<ExpmonError>((s) => ups.problems.subscribe(s))`.
   */
  readonly problems: ProblemStream<ExpmonError>;

  private readonly o: Resolved;
  private readonly problemsSubject = new ProblemSubject<ExpmonError>();
  private session: snmp.Session | undefined;
  /** Whether the current session ever got an answer to a GET. */
  private sessionAnswered = false;
  /** SNMPv1 only: OIDs the agent said do not exist (noSuchName), left out of later GETs. */
  private readonly absent = new Set<string>();

  constructor(options: SnmpUpsOptions, defaults: { kind?: string; xupsMib?: boolean } = {}) {
    const cls = defaults.kind === 'eaton-ups' ? 'EatonUps' : 'SnmpUps';
    if (typeof options !== 'object' || options === null) {
      throw new ConfigError('options must be an object with at least `host`', { field: cls });
    }
    const name = options.name ?? 'ups';
    const field = (f: string): string => `${cls}(${name}).${f}`;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name)) {
      throw new ConfigError('must be a non-empty string of letters, digits, _ . -', { field: field('name') });
    }
    if (typeof options.host !== 'string' || options.host.trim() === '') {
      throw new ConfigError('must be a host name or IP address', { field: field('host') });
    }
    const port = options.port ?? 161;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConfigError(`must be a UDP port 1..65535, got ${String(port)}`, { field: field('port') });
    }
    const version = options.version ?? (options.user ? '3' : '2c');
    if (version !== '1' && version !== '2c' && version !== '3') {
      throw new ConfigError(`must be '1', '2c' or '3', got ${String(version)}`, { field: field('version') });
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ConfigError(`must be a positive number of ms, got ${String(timeoutMs)}`, { field: field('timeoutMs') });
    }
    const retries = options.retries ?? DEFAULT_RETRIES;
    if (!Number.isInteger(retries) || retries < 0) {
      throw new ConfigError(`must be an integer ≥ 0, got ${String(retries)}`, { field: field('retries') });
    }
    for (const k of ['inputLine', 'outputLine'] as const) {
      const v = options[k];
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
        throw new ConfigError(`must be a line number ≥ 1, got ${String(v)}`, { field: field(k) });
      }
    }
    const schema = options.schema ?? 'fields';
    if (schema !== 'fields' && schema !== 'python') {
      throw new ConfigError(`must be 'fields' or 'python', got ${String(schema)}`, { field: field('schema') });
    }

    let community = 'public';
    let user: snmp.User | undefined;
    if (version === '3') {
      user = resolveUser(options, field);
    } else {
      if (options.user) {
        throw new ConfigError(`a v3 user needs version '3' (version is '${version}')`, { field: field('user') });
      }
      const c = options.community ?? 'public';
      community = typeof c === 'string' ? c : resolveSecret(c, field('community'));
      if (community === '') throw new ConfigError('must not be empty', { field: field('community') });
    }

    const inputLine = options.inputLine ?? 1;
    const outputLine = options.outputLine ?? 1;
    const xupsMib = options.xupsMib ?? defaults.xupsMib ?? false;
    this.o = {
      host: options.host,
      port,
      version,
      community,
      user,
      context: options.context ?? '',
      timeoutMs,
      retries,
      schema,
      integerValues: options.integerValues ?? false,
      measurement: options.measurement ?? name,
      tags: { ...options.tags },
      ups: upsMibOids(inputLine, outputLine),
      xups: xupsMib ? xupsMibOids(inputLine, outputLine) : undefined,
    };
    this.name = name;
    this.maxReadMs = timeoutMs * (retries + 1);
    this.device = `${defaults.kind ?? 'snmp-ups'} ${options.host}:${port}`;
    this.problems = this.problemsSubject;
  }

  /** Every OID of one GET, in order: UPS-MIB, then (when enabled) XUPS-MIB. */
  get oids(): readonly string[] {
    return [...Object.values(this.o.ups), ...(this.o.xups ? Object.values(this.o.xups) : [])];
  }

  /**
   * Reads once (one GET) and resolves with the readings of the configured schema.
   * Rejects with {@link SnmpTimeoutError}, {@link SnmpAuthenticationError},
   * {@link SnmpValueTypeError} or {@link SnmpError}; with the signal's reason when aborted.
   *
   * @example
   * const [reading] = await ups.read({ signal: AbortSignal.timeout(5000) });
   */
  async read(options: ReadOptions = {}): Promise<Reading[]> {
    const { status, time } = await this.readStatusAt(options);
    return upsReadings(status, {
      schema: this.o.schema,
      measurement: this.o.measurement,
      name: this.name,
      tags: this.o.tags,
      integerValues: this.o.integerValues,
      time,
    });
  }

  /**
   * Reads once and resolves with the decoded values, for scripts that want numbers
   * rather than readings.
   *
   * @example
   * const s = await ups.readStatus();
   * if (s.onBattery && s.runtimeRemainingMinutes < 5) shutDownGently();
   */
  async readStatus(options: ReadOptions = {}): Promise<UpsStatus> {
    return (await this.readStatusAt(options)).status;
  }

  /** Closes the UDP socket. Safe to call twice; a later read opens a new one. */
  async close(): Promise<void> {
    this.dropSession();
  }

  private async readStatusAt(options: ReadOptions): Promise<{ status: UpsStatus; time: number }> {
    const { answers, time } = await this.get(options.signal);
    const { status, problems } = decodeUpsStatus(answers, {
      host: this.o.host,
      port: this.o.port,
      sensor: this.name,
      device: this.device,
      ups: this.o.ups,
      xups: this.o.xups,
    });
    for (const p of problems) this.problemsSubject.next(p);
    return { status, time };
  }

  /** One GET of all OIDs (SNMPv1: again without an OID the agent reports as noSuchName). */
  private async get(signal: AbortSignal | undefined): Promise<{ answers: Map<string, SnmpAnswer>; time: number }> {
    const answers = new Map<string, SnmpAnswer>();
    for (const oid of this.absent) answers.set(oid, { oid, type: 5, value: null, error: 'noSuchName' });
    // A v1 agent fails the whole GET on the first missing object; each retry drops one.
    for (let attempt = 0; ; attempt++) {
      const oids = this.oids.filter((oid) => !this.absent.has(oid));
      try {
        const varbinds = await this.getOnce(oids, signal);
        const time = Date.now();
        for (const vb of varbinds) answers.set(vb.oid, vb);
        return { answers, time };
      } catch (error) {
        const oid = (error as { oid?: string }).oid;
        const isNoSuchName = (error as { snmpError?: string }).snmpError === 'noSuchName';
        if (this.o.version === '1' && isNoSuchName && oid && oids.includes(oid) && attempt < oids.length) {
          this.absent.add(oid);
          answers.set(oid, { oid, type: 5, value: null, error: 'noSuchName' });
          continue;
        }
        throw error;
      }
    }
  }

  private getOnce(oids: readonly string[], signal: AbortSignal | undefined): Promise<snmp.Varbind[]> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const session = this.openSession();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        // net-snmp can't cancel one request; closing the session cancels it (a new one opens next read).
        this.dropSession();
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      session.get([...oids], (error, varbinds) => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) return;
        if (error) {
          reject(this.classify(error, session, oids));
        } else {
          if (this.session === session) this.sessionAnswered = true;
          resolve(varbinds ?? []);
        }
      });
    });
  }

  private classify(error: unknown, session: snmp.Session, oids: readonly string[]): ExpmonError {
    const o = this.o;
    const typed = toSnmpError(error, {
      host: o.host,
      port: o.port,
      oids,
      timeoutMs: o.timeoutMs,
      retries: o.retries,
      version: o.version,
      sensor: this.name,
      device: this.device,
    });
    // Many agents (net-snmp's among them) drop a message that fails authentication or
    // decryption instead of sending a usmStats report. An agent that answered engine
    // discovery but never an authenticated GET of this session is taken to reject the keys.
    const authenticated = o.user !== undefined && o.user.level !== snmp.SecurityLevel.noAuthNoPriv;
    const fresh = this.session === session && !this.sessionAnswered;
    if (typed.name === 'SnmpTimeoutError' && authenticated && fresh && session.msgSecurityParameters !== undefined) {
      // An agent such as snmpd answers a wrong auth key with a wrongDigests report but drops a
      // message it cannot decrypt: with privacy on, a silent drop most likely means the privacy key.
      const likely =
        o.user!.level === snmp.SecurityLevel.authPriv
          ? 'most likely a wrong privacy key or protocol (a wrong auth key usually gets a wrongDigests report), or a wrong auth key on an agent that sends no reports'
          : 'wrong auth key or protocol';
      return new SnmpAuthenticationError(
        `the agent answered SNMPv3 engine discovery but not the authenticated GET: ${likely}, ` +
          'or a security level the user does not have (the agent dropped the message without a report)',
        { host: o.host, port: o.port, snmpError: 'authenticationFailure', sensor: this.name, device: this.device },
      );
    }
    return typed;
  }

  private openSession(): snmp.Session {
    if (this.session) return this.session;
    const o = this.o;
    const common: snmp.SessionOptions = {
      port: o.port,
      timeout: o.timeoutMs,
      retries: o.retries,
      transport: o.host.includes(':') ? 'udp6' : 'udp4',
    };
    const session =
      o.version === '3'
        ? snmp.createV3Session(o.host, o.user!, { ...common, version: snmp.Version3, context: o.context })
        : snmp.createSession(o.host, o.community, {
            ...common,
            version: o.version === '1' ? snmp.Version1 : snmp.Version2c,
          });
    session.on('error', (error: Error) => {
      this.problemsSubject.next(
        toSnmpError(error, { host: o.host, port: o.port, oids: [], timeoutMs: o.timeoutMs, retries: o.retries, sensor: this.name, device: this.device }),
      );
      if (this.session === session) this.dropSession();
    });
    this.session = session;
    this.sessionAnswered = false;
    return session;
  }

  private dropSession(): void {
    const s = this.session;
    this.session = undefined;
    if (s) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }
}

function resolveUser(options: SnmpUpsOptions, field: (f: string) => string): snmp.User {
  const u = options.user;
  if (!u || typeof u.name !== 'string' || u.name === '') {
    throw new ConfigError("SNMPv3 needs a user: { name: 'exp_monitor', … }", { field: field('user') });
  }
  const level = u.level ?? (u.privKey ? 'authPriv' : u.authKey ? 'authNoPriv' : 'noAuthNoPriv');
  if (!LEVELS.includes(level)) {
    throw new ConfigError(`must be one of ${LEVELS.join(', ')}, got ${String(level)}`, { field: field('user.level') });
  }
  const user: snmp.User = { name: u.name, level: snmp.SecurityLevel[level] };
  if (level === 'authNoPriv' || level === 'authPriv') {
    const authProtocol = u.authProtocol ?? 'sha256';
    if (!AUTH_PROTOCOLS.includes(authProtocol)) {
      throw new ConfigError(`must be one of ${AUTH_PROTOCOLS.join(', ')}, got ${String(authProtocol)}`, {
        field: field('user.authProtocol'),
      });
    }
    if (!u.authKey) throw new ConfigError(`is required for ${level}`, { field: field('user.authKey') });
    user.authProtocol = snmp.AuthProtocols[authProtocol];
    user.authKey = resolveSecret(u.authKey, field('user.authKey'));
    if (user.authKey.length < 8) {
      throw new ConfigError('must be at least 8 characters (RFC 3414)', { field: field('user.authKey') });
    }
  }
  if (level === 'authPriv') {
    const privProtocol = u.privProtocol ?? 'aes';
    if (!PRIV_PROTOCOLS.includes(privProtocol)) {
      throw new ConfigError(`must be one of ${PRIV_PROTOCOLS.join(', ')}, got ${String(privProtocol)}`, {
        field: field('user.privProtocol'),
      });
    }
    if (privProtocol === 'des' && !desAvailable()) {
      throw new ConfigError('DES is disabled in this Node.js (OpenSSL 3): run node with --openssl-legacy-provider, or use aes', {
        field: field('user.privProtocol'),
      });
    }
    if (!u.privKey) throw new ConfigError('is required for authPriv', { field: field('user.privKey') });
    user.privProtocol = snmp.PrivProtocols[privProtocol];
    user.privKey = resolveSecret(u.privKey, field('user.privKey'));
    if (user.privKey.length < 8) {
      throw new ConfigError('must be at least 8 characters (RFC 3414)', { field: field('user.privKey') });
    }
  }
  return user;
}

function desAvailable(): boolean {
  try {
    createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}
