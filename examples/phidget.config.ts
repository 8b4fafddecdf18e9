/**
 * The seed lab's six K-type thermocouples: two TMP1101 4× thermocouple boards on ports
 * 4 and 5 of a VINT hub, read through a Phidget Network Server (or USB).
 *
 *   # no hardware (the default): the package's simulated Phidget Network Server on a loopback port
 *   npx expmon-runner check examples/phidget.config.ts
 *   # real hardware behind a Phidget Network Server:
 *   PHIDGET_SERVER_HOST=pi-lab.local PHIDGET_HUB_SERIAL=620000 npx expmon-runner examples/phidget.config.ts
 *   # real hardware on this machine's USB (through the local Phidget Network Server / phidget22 driver):
 *   PHIDGET_USB=1 npx expmon-runner examples/phidget.config.ts
 *
 * Nothing but loopback is contacted unless PHIDGET_SERVER_HOST or PHIDGET_USB is set.
 * Each channel reports once per PHIDGET_DATA_INTERVAL_MS (default 5000, like `interval`).
 * The server password, if any, comes from PHIDGET_SERVER_PASSWORD.
 * With INFLUX_URL and INFLUX_DATABASE set, readings go to InfluxDB 1.x.
 */
import { spikeFilter } from '@expmon/core';
import { PhidgetThermocouple, type PhidgetTransport } from '@expmon/driver-phidget';
import { PhidgetNetworkServerSimulator } from '@expmon/driver-phidget/simulator';
import { defineConfig } from '@expmon/runner';

const hubSerial = Number(process.env.PHIDGET_HUB_SERIAL ?? 620000);

let transport: PhidgetTransport | undefined; // undefined: the server in PHIDGET_SERVER_HOST
if (process.env.PHIDGET_USB === '1') {
  transport = 'usb';
} else if (!process.env.PHIDGET_SERVER_HOST) {
  const sim = await PhidgetNetworkServerSimulator.start({
    hubs: [{ serialNumber: hubSerial, ports: { 4: 'TMP1101', 5: 'TMP1101' } }],
  });
  const start: Record<string, number> = { '4/0': 4.2, '4/1': 21.3, '4/2': 22.1, '4/3': 35.7, '5/0': 19.8, '5/1': 80.4 };
  for (const [key, value] of Object.entries(start)) {
    const [hubPort, channel] = key.split('/').map(Number) as [number, number];
    sim.setValue({ serialNumber: hubSerial, hubPort, channel }, value);
  }
  transport = { host: sim.host, port: sim.port };
}

// name → [hub port, channel]
const thermocouples: Record<string, [number, number]> = {
  cold_head_temp: [4, 0],
  shield_temp: [4, 1],
  magnet_temp: [4, 2],
  oven_temp: [4, 3],
  lab_temp: [5, 0],
  laser_head_temp: [5, 1],
};

export default defineConfig({
  interval: '5s',
  sources: Object.entries(thermocouples).map(([name, [hubPort, channel]]) => ({
    source: new PhidgetThermocouple({
      name,
      serialNumber: hubSerial,
      hubPort,
      channel,
      thermocoupleType: 'K',
      dataIntervalMs: Number(process.env.PHIDGET_DATA_INTERVAL_MS ?? 5000),
      transport,
    }),
    operators: [spikeFilter({ thresholdPercent: 50 })],
  })),
});
