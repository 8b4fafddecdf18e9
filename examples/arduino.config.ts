/**
 * The seed lab's Arduino Due ADC (Ethernet shield, `adc.ino` on port 6574) with a Pfeiffer
 * TPG300 on A3 and a magnet supply monitor on A0, a TPG261 gauge controller on RS-232, and
 * optionally a second Arduino on USB serial running `adc_serial.ino`.
 *
 *   # real hardware:
 *   ARDUINO_HOST=10.0.0.7 TPG261_PORT=/dev/ttyUSB0 npx expmon-runner examples/arduino.config.ts
 *   # add ARDUINO_SERIAL_PORT=/dev/serial/by-id/usb-Arduino... for a board on USB serial
 *   # no hardware: the package's simulators (adc.ino over loopback TCP; TPG261 and serial ADC
 *   # on socat pseudo-terminals, so `socat` must be installed)
 *   ARDUINO_SIMULATOR=1 npx expmon-runner examples/arduino.config.ts
 *
 * With INFLUX_URL and INFLUX_DATABASE set, readings go to InfluxDB 1.x.
 * The TPG300 curve: recalibrate with `npx expmon-fit-tpg300 pairs.csv` and paste the result.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { powerOfTenCurve, type Source } from '@expmon/core';
import { ArduinoAdc, SerialAdc, Tpg261 } from '@expmon/driver-arduino';
import { AdcTcpSimulator, SerialAdcSimulator, SocatPtyPair, Tpg261Simulator } from '@expmon/driver-arduino/simulator';
import { defineConfig } from '@expmon/runner';

// Fitted from the lab's (pressure, voltage) pairs; valid only over the calibrated voltages.
const tpg300 = { a: 1, b: 1.6667, c: 6.5, d: 0 };
const tpg300Volts: [number, number] = [0.5, 3.2];

let host = process.env.ARDUINO_HOST ?? '10.0.0.7';
let port = 6574;
let tpg261Port = process.env.TPG261_PORT ?? '/dev/ttyUSB0';
let serialAdcPort = process.env.ARDUINO_SERIAL_PORT;

if (process.env.ARDUINO_SIMULATOR === '1') {
  const tcp = new AdcTcpSimulator({ raw: [2048, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4095] });
  tcp.setVolts(3, 1.7); // 1.7 V on the TPG300 channel: about 2.2e-4 mbar
  ({ host, port } = await tcp.start());

  const dir = mkdtempSync(join(tmpdir(), 'expmon-arduino-sim-'));
  const gaugePair = new SocatPtyPair({ dir: join(dir, 'tpg261') });
  const adcPair = new SocatPtyPair({ dir: join(dir, 'adc') });
  mkdirSync(join(dir, 'tpg261'));
  mkdirSync(join(dir, 'adc'));
  await gaugePair.start();
  await adcPair.start();
  process.once('exit', () => {
    gaugePair.stopNow();
    adcPair.stopNow();
  });
  await new Tpg261Simulator({ path: gaugePair.devicePath, pressure: 3.2e-7 }).start();
  await new SerialAdcSimulator({ path: adcPair.devicePath, raw: [1000, 2000] }).start();
  tpg261Port = gaugePair.hostPath;
  serialAdcPort = adcPair.hostPath;
}

const adc = new ArduinoAdc({ host, port });
const sources: Source[] = [
  adc.channel(0, { name: 'magnet_supply_voltage', validVolts: [0.05, 3.2] }),
  adc.channel(3, {
    name: 'ion_gauge_pressure',
    unit: 'mbar',
    calibrate: powerOfTenCurve(tpg300),
    validVolts: tpg300Volts,
  }),
  new Tpg261({ path: tpg261Port, name: 'chamber_pressure' }),
];
if (serialAdcPort) {
  const usb = new SerialAdc({ path: serialAdcPort });
  sources.push(usb.channel(1, { name: 'coolant_flow_voltage' }));
}

export default defineConfig({ interval: '5s', sources });
