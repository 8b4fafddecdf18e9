import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError, type ExpmonError } from '@expmon/core';
import { CorruptFrameError, SerialAdc, crc16Ccitt, encodeSerialAdcFrame, parseSerialAdcFrame } from '@expmon/driver-arduino';
import { SerialAdcSimulator, SocatPtyPair } from '@expmon/driver-arduino/simulator';

describe('serial ADC frame', () => {
  it('CRC-16/CCITT-FALSE check value', () => {
    expect(crc16Ccitt('123456789')).toBe(0x29b1);
  });
  it('round-trips and rejects a flipped character', () => {
    const line = encodeSerialAdcFrame({ type: 'sample', seq: 65535, raw: [0, 4095, 17] });
    expect(parseSerialAdcFrame(line, 3, 4095)).toEqual({ type: 'sample', seq: 65535, raw: [0, 4095, 17] });
    expect(() => parseSerialAdcFrame(line.replace('4095', '4096'), 3, 4095)).toThrow(/CRC mismatch/);
    expect(() => parseSerialAdcFrame(line, 4, 4095)).toThrow(/expected 4/);
  });
});

// Real pseudo-terminals through socat; the simulator opens one end with serialport, the driver the other.
describe('SerialAdc over a socat pty pair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'expmon-serial-adc-'));
  const pair = new SocatPtyPair({ dir });
  const raw = [2048, 0, 4095, 1024, 0, 0, 0, 0, 0, 0, 0, 291];
  let sim: SerialAdcSimulator;
  let adc: SerialAdc;
  const problems: ExpmonError[] = [];

  beforeAll(async () => {
    await pair.start();
    sim = new SerialAdcSimulator({ path: pair.devicePath, raw, hello: false });
    await sim.start();
    // Generous: the byte-by-byte case writes 60 chunks through the pty and must not time out on a loaded machine.
    adc = new SerialAdc({ path: pair.hostPath, readTimeoutMs: 2000 });
    adc.problems.subscribe((p) => problems.push(p));
  });
  afterAll(async () => {
    await adc.close();
    await sim.stop();
    await pair.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a hello frame (board reset on open) while a request waits makes the driver ask again', async () => {
    await adc.sample(); // the port is open
    sim.script({ drop: true }); // the board "resets" and loses the request…
    const before = sim.requests;
    const pending = adc.sample();
    await expect.poll(() => sim.requests).toBe(before + 1);
    await sim.sendHello(); // …and says hello after booting
    expect((await pending).raw).toEqual(raw);
    expect(sim.requests).toBe(before + 2);
    expect(adc.stats.hellos).toBe(1);
  });

  it('reads all channels with one request', async () => {
    const chans = [0, 2, 11].map((pin) => adc.channel(pin, { name: `a${pin}` }));
    const before = sim.requests;
    const readings = (await Promise.all(chans.map((c) => c.read()))).flat();
    expect(sim.requests - before).toBe(1);
    expect(readings.map((r) => r.fields.value)).toEqual([1.625, 3.24920654296875, 0.23089599609375]);
    expect(adc.stats.frames).toBeGreaterThanOrEqual(1);
  });

  it('answers split into single bytes with pauses are reassembled', async () => {
    sim.script({ chunks: Array.from({ length: 60 }, () => 1), pauseMs: 1 });
    const s = await adc.sample();
    expect(s.raw).toEqual(raw);
  });

  it('a bad CRC is rejected, counted, and the request is sent again', async () => {
    const corrupt = adc.stats.corrupt;
    const before = sim.requests;
    sim.script({ corruptCrc: true });
    const s = await adc.sample();
    expect(s.raw).toEqual(raw);
    expect(adc.stats.corrupt).toBe(corrupt + 1);
    expect(sim.requests - before).toBe(2);
    expect(CorruptFrameError.isInstance(problems.at(-1))).toBe(true);
    expect(problems.at(-1)!.message).toMatch(/CRC mismatch/);
  });

  it('two corrupt answers in a row fail the read with CorruptFrameError and write nothing', async () => {
    sim.script({ corruptCrc: true }, { text: 'garbage\r\n' });
    const chan = adc.channel(0, { name: 'a0' });
    const err = await chan.read().catch((e: unknown) => e);
    expect(CorruptFrameError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/does not start with \$/);
    expect(await chan.read()).toHaveLength(1);
  });

  it('a partial frame glued to the next one: the partial part is rejected, the whole one used', async () => {
    const corrupt = adc.stats.corrupt;
    sim.script({ before: '$A,99,12,4' });
    const s = await adc.sample();
    expect(s.raw).toEqual(raw);
    expect(adc.stats.corrupt).toBe(corrupt + 1);
  });

  it('a stale answer (old sequence number) is skipped and counted', async () => {
    const stale = adc.stats.stale;
    sim.script({ seqOffset: -1, text: undefined });
    const err = await adc.sample().catch((e: unknown) => e);
    expect((err as Error).name).toBe('DeviceTimeoutError');
    expect(adc.stats.stale).toBe(stale + 1);
    expect((await adc.sample()).raw).toEqual(raw);
  });

  it('a missing answer times out', async () => {
    sim.script({ drop: true });
    await expect(adc.sample()).rejects.toThrow(/no valid frame within 2000 ms/);
  });

  it('the port disappearing errors the source; it reopens when the port comes back', async () => {
    const chan = adc.channel(3, { name: 'a3' });
    expect(await chan.read()).toHaveLength(1);
    const opens = sim.opens;
    await pair.stop(); // like pulling the USB cable
    const gone = await chan.read().catch((e: unknown) => e);
    expect(DeviceError.isInstance(gone)).toBe(true);
    expect((gone as DeviceError).disconnected).toBe(true);
    expect((gone as Error).message).toMatch(/closed|not open|write failed|cannot open/);
    // The close event of the vanished port is counted (it may come just after the failed write).
    await expect.poll(() => adc.stats.disconnects).toBeGreaterThanOrEqual(1);
    // While it is gone, every read fails fast as disconnected.
    const still = await chan.read().catch((e: unknown) => e);
    expect((still as DeviceError).disconnected).toBe(true);
    expect((still as Error).message).toMatch(/cannot open/);
    await pair.start(); // plugged in again
    await sim.waitOpen();
    expect(sim.opens).toBe(opens + 1);
    const back = await chan.read();
    expect(back[0]!.fields.value).toBe(0.8125);
  });

  it('bad options throw ConfigError naming the option', () => {
    expect(() => new SerialAdc({ path: '' })).toThrow(/SerialAdc.path/);
    expect(() => new SerialAdc({ path: '/x', retries: -1 })).toThrow(/SerialAdc.retries/);
    expect(() => new SerialAdc({ path: '/x', pins: 0 })).toThrow(/SerialAdc.pins/);
  });
});

describe('PROTOCOL.md examples', () => {
  it('match the encoder', () => {
    expect(encodeSerialAdcFrame({ type: 'sample', seq: 7, raw: [2048, 0, 4095, 1024, 0, 0, 0, 0, 0, 0, 0, 291] })).toBe(
      '$A,7,2048,0,4095,1024,0,0,0,0,0,0,0,291*9A76',
    );
    expect(encodeSerialAdcFrame({ type: 'hello', firmware: 'adc_serial', version: 1 })).toBe('$H,adc_serial,1*42DA');
  });
});
