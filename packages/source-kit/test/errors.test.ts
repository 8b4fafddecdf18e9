import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DeviceError,
  DeviceTimeoutError,
  ExpmonError,
  InvalidReadingError,
  type ErrorContext,
} from '@expmon/source-kit';

describe('ExpmonError context', () => {
  it('puts sensor, device and address into the message and keeps them as properties', () => {
    const cause = new Error('ECONNREFUSED');
    const e = new DeviceError('connection refused', {
      sensor: 'adc',
      device: 'arduino-adc 10.0.0.7:6574',
      address: 'A3',
      retriable: true,
      cause,
    });
    expect(e.message).toBe('sensor adc, device arduino-adc 10.0.0.7:6574, at A3: connection refused');
    expect(String(e)).toBe('DeviceError: sensor adc, device arduino-adc 10.0.0.7:6574, at A3: connection refused');
    expect(e).toMatchObject({ name: 'DeviceError', sensor: 'adc', device: 'arduino-adc 10.0.0.7:6574', address: 'A3' });
    expect(e.retriable).toBe(true);
    expect(e.disconnected).toBe(false);
    expect(e.cause).toBe(cause);
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(ExpmonError);
    expect(e.stack).toContain('DeviceError');
  });

  it('leaves out what is not known', () => {
    expect(new DeviceError('gone', { device: '/dev/ttyACM0', disconnected: true }).message).toBe('device /dev/ttyACM0: gone');
    expect(new DeviceError('plain').message).toBe('plain');
    expect(new ExpmonError('x', { address: '1.3.6.1.2.1.33.1.2.3.0' }).message).toBe('at 1.3.6.1.2.1.33.1.2.3.0: x');
  });

  it('is not retriable and not disconnected by default, and has no cause', () => {
    const e = new DeviceError('bad checksum');
    expect(e.retriable).toBe(false);
    expect(e.disconnected).toBe(false);
    expect('cause' in e).toBe(false);
    expect(new DeviceError('unplugged', { disconnected: true }).disconnected).toBe(true);
  });
});

describe('error classes', () => {
  it('DeviceTimeoutError says how long it waited and is retriable', () => {
    const e = new DeviceTimeoutError(2000, { sensor: 'ups', device: 'snmp 10.0.0.3:161' });
    expect(e.message).toBe('sensor ups, device snmp 10.0.0.3:161: no answer within 2000 ms');
    expect(e.name).toBe('DeviceTimeoutError');
    expect(e.timeoutMs).toBe(2000);
    expect(e.retriable).toBe(true);
    expect(e).toBeInstanceOf(DeviceError);
    expect(new DeviceTimeoutError(500, {}, 'no attach').message).toBe('no attach within 500 ms');
  });

  it('ConfigError names the file and the field', () => {
    const e = new ConfigError('must be a positive number of milliseconds', { file: 'lab.config.ts', field: 'sources[2].interval' });
    expect(e.message).toBe('lab.config.ts: sources[2].interval: must be a positive number of milliseconds');
    expect(e).toMatchObject({ name: 'ConfigError', file: 'lab.config.ts', field: 'sources[2].interval', retriable: false });
    expect(new ConfigError('bad', { field: 'spikeFilter.length' }).message).toBe('spikeFilter.length: bad');
    expect(new ConfigError('bad').message).toBe('bad');
    const cause = new SyntaxError('Unexpected token');
    expect(new ConfigError('cannot load', { file: 'lab.config.ts', cause }).cause).toBe(cause);
  });

  it('InvalidReadingError carries the context', () => {
    const e = new InvalidReadingError('3.61 V is outside 0..3.25 V', { sensor: 'gauge', device: 'arduino-adc', address: 'A3' });
    expect(e.message).toBe('sensor gauge, device arduino-adc, at A3: 3.61 V is outside 0..3.25 V');
    expect(e.name).toBe('InvalidReadingError');
  });
});

describe('isInstance', () => {
  const device = new DeviceError('x');
  const timeout = new DeviceTimeoutError(1);
  const config = new ConfigError('x');
  const invalid = new InvalidReadingError('x');

  it('recognises a class and its subclasses, not its siblings or parents', () => {
    expect(ExpmonError.isInstance(device)).toBe(true);
    expect(ExpmonError.isInstance(config)).toBe(true);
    expect(DeviceError.isInstance(device)).toBe(true);
    expect(DeviceError.isInstance(timeout)).toBe(true);
    expect(DeviceTimeoutError.isInstance(timeout)).toBe(true);
    expect(DeviceTimeoutError.isInstance(device)).toBe(false);
    expect(DeviceError.isInstance(config)).toBe(false);
    expect(DeviceError.isInstance(invalid)).toBe(false);
    expect(ConfigError.isInstance(device)).toBe(false);
    expect(InvalidReadingError.isInstance(invalid)).toBe(true);
  });

  it('is false for anything that is not an expmon error', () => {
    for (const x of [new Error('x'), null, undefined, 'DeviceError', 42, {}, { name: 'DeviceError', message: 'x' }]) {
      expect(DeviceError.isInstance(x)).toBe(false);
      expect(ExpmonError.isInstance(x)).toBe(false);
    }
  });

  it('works for a driver subclass written in the same style', () => {
    class SnmpError extends DeviceError {
      protected static override readonly marker: string = 'SnmpError';
      override readonly name: string = 'SnmpError';
      readonly status: number;
      static override isInstance(error: unknown): error is SnmpError {
        return super.isInstance(error);
      }
      constructor(status: number, context: ErrorContext = {}) {
        super(`SNMP error status ${status}`, context);
        this.status = status;
      }
    }
    const e = new SnmpError(2, { sensor: 'ups', address: '1.3.6.1.2.1.33.1.2.3.0' });
    expect(SnmpError.isInstance(e)).toBe(true);
    expect(DeviceError.isInstance(e)).toBe(true);
    expect(SnmpError.isInstance(device)).toBe(false);
    expect(e.message).toBe('sensor ups, at 1.3.6.1.2.1.33.1.2.3.0: SNMP error status 2');
    expect(e.status).toBe(2);
  });
});
