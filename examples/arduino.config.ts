/**
 * The seed lab's Arduino Due ADC (Ethernet shield, `adc.ino` on port 6574) with a Pfeiffer
 * TPG300 on A3 and a magnet supply monitor on A0, a TPG261 gauge controller on RS-232, and
 * optionally a second Arduino on USB serial running `adc_serial.ino`.
 *
 *   # no hardware (the default): the package's simulators — adc.ino over loopback TCP, the
 *   # TPG261 and the serial ADC on socat pseudo-terminals (without `socat` installed, the two
 *   # serial sources are left out, with a note on stderr)
 *   npx expmon-runner check examples/arduino.config.ts
 *   # real hardware: set the addresses of what you have; the rest stays simulated
 *   ARDUINO_HOST=10.0.0.7 TPG261_PORT=/dev/ttyUSB0 npx expmon-runner examples/arduino.config.ts
 *   # add ARDUINO_SERIAL_PORT=/dev/serial/by-id/usb-Arduino... for a board on USB serial
 *
 * Nothing but loopback and local pseudo-terminals is used unless an address is set.
 * With INFLUX_URL and INFLUX_DATABASE set, readings go to InfluxDB 1.x.
 * The TPG300 curve: recalibrate with `npx expmon-fit-tpg300 pairs.csv` and paste the result.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { powerOfTenCurve, type Source } from '@expmon/core';
import { ArduinoAdc, SerialAdc, Tpg261 } from '@expmon/driver-arduino';
import { AdcTcpSimulator, SerialAdcSimulator, SocatPtyPair, Tpg261Simulator } from '@expmon/driver-arduino/simulator';
import { defineConfig } from '@expmon/runner';

// Fitted from the lab's (pressure, voltage) pairs; valid only over the calibrated voltages.
const tpg300 = { a: 1, b: 1.6667, c: 6.5, d: 0 };
const tpg300Volts: [number, number] = [0.5, 3.2];

let host = process.env.ARDUINO_HOST;
let port = 6574;
let tpg261Port = process.env.TPG261_PORT;
let serialAdcPort = process.env.ARDUINO_SERIAL_PORT;

if (!host) {
  const tcp = new AdcTcpSimulator({ raw: [2048, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4095] });
  tcp.setVolts(3, 1.7); // 1.7 V on the TPG300 channel: about 2.2e-4 mbar
  ({ host, port } = await tcp.start());
}
if (!tpg261Port || !serialAdcPort) {
  if (spawnSync('socat', ['-V'], { stdio: 'ignore' }).error) {
    process.stderr.write('arduino.config.ts: socat is not installed: the simulated TPG261 and serial ADC are left out (apt-get install socat)\n');
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'expmon-arduino-sim-'));
    const pairs: SocatPtyPair[] = [];
    process.once('exit', () => {
      for (const p of pairs) p.stopNow();
      rmSync(dir, { recursive: true, force: true });
    });
    const simulatedPort = async (name: string): Promise<SocatPtyPair> => {
      mkdirSync(join(dir, name));
      const pair = new SocatPtyPair({ dir: join(dir, name) });
      pairs.push(pair);
      await pair.start();
      return pair;
    };
    if (!tpg261Port) {
      const pair = await simulatedPort('tpg261');
      await new Tpg261Simulator({ path: pair.devicePath, pressure: 3.2e-7 }).start();
      tpg261Port = pair.hostPath;
    }
    if (!serialAdcPort) {
      const pair = await simulatedPort('adc');
      await new SerialAdcSimulator({ path: pair.devicePath, raw: [1000, 2000] }).start();
      serialAdcPort = pair.hostPath;
    }
  }
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
];
if (tpg261Port) sources.push(new Tpg261({ path: tpg261Port, name: 'chamber_pressure' }));
if (serialAdcPort) {
  const usb = new SerialAdc({ path: serialAdcPort });
  sources.push(usb.channel(1, { name: 'coolant_flow_voltage' }));
}

export default defineConfig({ interval: '5s', sources });
