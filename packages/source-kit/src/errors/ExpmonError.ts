const MARKERS = Symbol.for('@expmon/core.error-markers');

/**
 * Context carried by every expmon error, so that a log line says what failed where.
 *
 * @example
 * const where: ErrorContext = { sensor: 'ups', device: 'snmp 10.0.0.3:161', address: '1.3.6.1.2.1.33.1.2.3.0' };
 */
export interface ErrorContext {
  /** Sensor or source name (`cryostat_temp`). */
  sensor?: string;
  /** Device (`eaton-ups 10.0.0.3:161`, `/dev/ttyACM0`). */
  device?: string;
  /** Address inside the device (OID, ADC pin, hub port / channel). */
  address?: string;
  /** Whether trying again later may succeed (timeouts, connection refused). */
  retriable?: boolean;
  /** Whether the device is gone (unplugged, detached, port closed). */
  disconnected?: boolean;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of all expmon errors. `isInstance()` works across duplicate copies of
 * `@expmon/core` in one app (it checks a marker, not the prototype).
 *
 * @example
 * source.problems?.subscribe((e) => log.warn(e.message, { retriable: e.retriable }));
 * if (ExpmonError.isInstance(error) && error.disconnected) reopen();
 */
export class ExpmonError extends Error {
  protected static readonly marker: string = 'ExpmonError';
  override readonly name: string = 'ExpmonError';
  readonly sensor: string | undefined;
  readonly device: string | undefined;
  readonly address: string | undefined;
  readonly retriable: boolean;
  readonly disconnected: boolean;

  constructor(message: string, context: ErrorContext = {}) {
    super(formatMessage(message, context), context.cause === undefined ? undefined : { cause: context.cause });
    this.sensor = context.sensor;
    this.device = context.device;
    this.address = context.address;
    this.retriable = context.retriable ?? false;
    this.disconnected = context.disconnected ?? false;
    // Every class in the chain adds its marker, so isInstance sees subclasses too.
    const markers = new Set<string>();
    let ctor = new.target as unknown as { marker?: string } | null;
    while (ctor && ctor.marker) {
      markers.add(ctor.marker);
      ctor = Object.getPrototypeOf(ctor) as { marker?: string } | null;
    }
    Object.defineProperty(this, MARKERS, { value: markers, enumerable: false });
  }

  /** True when `error` is this class (or a subclass), from any copy of the package. */
  static isInstance(error: unknown): boolean {
    return hasMarker(error, this.marker);
  }
}

function hasMarker(error: unknown, marker: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const markers = (error as Record<symbol, unknown>)[MARKERS];
  return markers instanceof Set && markers.has(marker);
}

function formatMessage(message: string, c: ErrorContext): string {
  const where: string[] = [];
  if (c.sensor) where.push(`sensor ${c.sensor}`);
  if (c.device) where.push(`device ${c.device}`);
  if (c.address) where.push(`at ${c.address}`);
  return where.length > 0 ? `${where.join(', ')}: ${message}` : message;
}
