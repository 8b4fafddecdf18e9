import { ConfigError } from '@expmon/core';
import { AdcBoardBase } from './AdcBoardBase.js';
import { adcConversion, type AdcConversion } from './AdcConversion.js';
import { fetchAdcAnswer } from './fetchAdcAnswer.js';
import { ADC_INO_ANSWER_BYTES, ADC_INO_PINS, parseAdcAnswer } from './parseAdcAnswer.js';

/** Options of {@link ArduinoAdc}. */
export interface ArduinoAdcOptions extends Partial<AdcConversion> {
  /** Board address (IP or host name). Required. */
  host: string;
  /** TCP port of the sketch; default 6574. */
  port?: number;
  /** Default 800 ms (a board on the LAN accepts in milliseconds). */
  connectTimeoutMs?: number;
  /** Time from connect until the board has answered and closed; default 800 ms (it answers in a few). */
  readTimeoutMs?: number;
  /** Byte sent to ask for an answer; default 0x3f (`?`). `adc.ino` accepts any byte. */
  requestByte?: number;
}

/**
 * An Arduino Due + Ethernet shield running `adc.ino` (or the package's
 * `firmware/adc_tcp/adc_tcp.ino`): one TCP connection per cycle returns A0..A11.
 * Use {@link ArduinoAdc.channel} for one source per pin; they share that connection.
 *
 * @example
 * import { ArduinoAdc } from '@expmon/driver-arduino';
 * const adc = new ArduinoAdc({ host: '10.0.0.7' });
 * const sources = [
 *   adc.channel(0, { name: 'magnet_voltage' }),
 *   adc.channel(3, { name: 'he_level', unit: 'V', validVolts: [0.1, 3.2] }),
 * ];
 */
export class ArduinoAdc extends AdcBoardBase {
  readonly device: string;
  readonly host: string;
  readonly port: number;
  /** `connectTimeoutMs` + `readTimeoutMs` (1600 ms by default): the longest one read can take. */
  readonly maxReadMs: number;
  private readonly connectTimeoutMs: number;
  private readonly readTimeoutMs: number;
  private readonly requestByte: number;

  constructor(options: ArduinoAdcOptions) {
    super(ADC_INO_PINS, adcConversion(options ?? {}, 'ArduinoAdc'));
    if (!options || typeof options.host !== 'string' || options.host === '') {
      throw new ConfigError('must be a non-empty host name or IP address', { field: 'ArduinoAdc.host' });
    }
    this.host = options.host;
    this.port = options.port ?? 6574;
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) {
      throw new ConfigError(`must be a TCP port from 1 to 65535, got ${String(options.port)}`, {
        field: 'ArduinoAdc.port',
      });
    }
    this.connectTimeoutMs = positive(options.connectTimeoutMs, 800, 'connectTimeoutMs');
    this.readTimeoutMs = positive(options.readTimeoutMs, 800, 'readTimeoutMs');
    this.maxReadMs = this.connectTimeoutMs + this.readTimeoutMs;
    this.requestByte = options.requestByte ?? 0x3f;
    if (!Number.isInteger(this.requestByte) || this.requestByte < 0 || this.requestByte > 255) {
      throw new ConfigError(`must be a byte (0..255), got ${String(options.requestByte)}`, {
        field: 'ArduinoAdc.requestByte',
      });
    }
    this.device = `arduino-adc ${this.host}:${this.port}`;
  }

  protected async fetchRaw(): Promise<{ raw: number[]; time: number }> {
    const answer = await fetchAdcAnswer({
      host: this.host,
      port: this.port,
      connectTimeoutMs: this.connectTimeoutMs,
      readTimeoutMs: this.readTimeoutMs,
      answerBytes: ADC_INO_ANSWER_BYTES,
      requestByte: this.requestByte,
      device: this.device,
    });
    const time = Date.now();
    return { raw: parseAdcAnswer(answer, this.device, this.conversion.bits), time };
  }

  protected async release(): Promise<void> {
    // One connection per cycle: nothing stays open.
  }
}

function positive(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (!(Number.isFinite(v) && v > 0)) {
    throw new ConfigError(`must be a positive number of milliseconds, got ${String(value)}`, {
      field: `ArduinoAdc.${field}`,
    });
  }
  return v;
}
