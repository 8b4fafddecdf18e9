import { describe, expect, it } from 'vitest';
import { ArduinoAdc, SerialAdc, Tpg261 } from '../src/index.js';

// The SourceTiming hint the runner checks against the read timeout at config load:
// the longest one read can take with each driver's own timeouts. Nothing is opened here.
describe('maxReadMs from the drivers own timeouts', () => {
  it('ArduinoAdc and its channels: connect + read timeout (800 + 800 ms by default)', () => {
    const adc = new ArduinoAdc({ host: '127.0.0.1' });
    expect(adc.maxReadMs).toBe(1600);
    expect(adc.channel(3, { name: 'p' }).maxReadMs).toBe(1600);
    const slow = new ArduinoAdc({ host: '127.0.0.1', connectTimeoutMs: 1500, readTimeoutMs: 2500 });
    expect(slow.channel(0, { name: 'v' }).maxReadMs).toBe(4000);
  });

  it('SerialAdc and its channels: the read timeout, within which the retries happen (1000 ms by default)', () => {
    expect(new SerialAdc({ path: '/dev/null-expmon-test' }).channel(0, { name: 'v' }).maxReadMs).toBe(1000);
    expect(new SerialAdc({ path: '/dev/null-expmon-test', readTimeoutMs: 300, retries: 3 }).maxReadMs).toBe(300);
  });

  it('Tpg261: two answers (ACK, then the value), each within timeoutMs (2 × 1000 ms by default)', () => {
    expect(new Tpg261({ name: 'g', path: '/dev/null-expmon-test' }).maxReadMs).toBe(2000);
    expect(new Tpg261({ name: 'g', path: '/dev/null-expmon-test', timeoutMs: 250 }).maxReadMs).toBe(500);
  });
});
