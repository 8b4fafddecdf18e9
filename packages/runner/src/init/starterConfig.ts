import type { StarterDriver } from './starterDrivers.js';

/**
 * The text of the commented starter config `expmon-runner init` writes: one part per driver,
 * each reading its driver's simulator on a loopback port until the device's address is set in
 * the environment (`PHIDGET_SERVER_HOST`, `ARDUINO_HOST`, `UPS_HOST`), so that
 * `expmon-runner check lab.config.ts` passes as written and contacts nothing else.
 *
 * @example
 * writeFileSync('lab.config.ts', starterConfig(['phidget', 'eaton']));
 */
export function starterConfig(drivers: readonly StarterDriver[]): string {
  const imports = [
    ...(drivers.includes('arduino') ? ["import { ArduinoAdc } from '@expmon/driver-arduino';", "import { AdcTcpSimulator } from '@expmon/driver-arduino/simulator';"] : []),
    ...(drivers.includes('eaton') ? ["import { EatonUps, type SnmpV3User } from '@expmon/driver-eaton';", "import { UpsSimulator } from '@expmon/driver-eaton/simulator';"] : []),
    ...(drivers.includes('phidget')
      ? ["import { PhidgetThermocouple, type PhidgetTransport } from '@expmon/driver-phidget';", "import { PhidgetNetworkServerSimulator } from '@expmon/driver-phidget/simulator';"]
      : []),
  ];
  const core = [...new Set(drivers.flatMap((d) => CORE_IMPORTS[d]))].sort();
  const parts = drivers.map((d) => PARTS[d].trim());
  const sources = drivers.map((d) => SOURCES[d]).join('\n');
  return `/**
 * expmon starter config, written by \`expmon-runner init\`. Try it as it is:
 *
 *   npx expmon-runner check lab.config.ts        # read every sensor once (simulators)
 *   npx expmon-runner run lab.config.ts -v       # poll and store; Ctrl-C stops (flushes first)
 *
 * Every device below is simulated on a loopback port until you set its address in the
 * environment (see .env next to this file): then the real device is read, and nothing else
 * is contacted. Readings go to daily line-protocol files in ./expmon-data/lp until
 * INFLUX_URL is set (see .env). Durations are strings with a unit ('5s', '200ms', '1m').
 */
${core.length > 0 ? `import { ${core.join(', ')} } from '@expmon/core';\n` : ''}import { defineConfig } from '@expmon/runner';
${imports.join('\n')}

${parts.join('\n\n')}

export default defineConfig({
  // How often polled sources (Arduino ADC, UPS) are read. Push sources (Phidgets) report at
  // their own data interval.
  interval: '5s',
  sources: [
${sources}
  ],
  // Where readings go when INFLUX_URL is not set (it wins over this list), for example:
  // sinks: [{ type: 'influx-v1', url: 'http://127.0.0.1:8086', database: 'lab', password: { env: 'INFLUX_PASSWORD' } }],
});
`;
}

const CORE_IMPORTS: Record<StarterDriver, string[]> = {
  phidget: ['convert', 'precision', 'spikeFilter'],
  arduino: ['precision'],
  eaton: [],
};

const PARTS: Record<StarterDriver, string> = {
  phidget: `
// --- Phidget thermocouples (TMP1101 on a VINT hub) through a Phidget Network Server ---
// PHIDGET_SERVER_HOST=pi-lab.local (and PHIDGET_SERVER_PASSWORD if the server has one): the
// real server. Unset: a simulated server on a loopback port with one TMP1101 on hub port 4.
const hubSerial = Number(process.env.PHIDGET_HUB_SERIAL ?? 620000);
let phidgetServer: PhidgetTransport | undefined; // undefined: PHIDGET_SERVER_HOST from the environment
if (!process.env.PHIDGET_SERVER_HOST) {
  const sim = await PhidgetNetworkServerSimulator.start({ hubs: [{ serialNumber: hubSerial, ports: { 4: 'TMP1101' } }] });
  sim.setValue({ serialNumber: hubSerial, hubPort: 4, channel: 0 }, 21.5);
  phidgetServer = { host: sim.host, port: sim.port };
}
`,
  arduino: `
// --- Arduino Due ADC over Ethernet (adc.ino, TCP port 6574) ---
// ARDUINO_HOST=10.0.0.7: the real board. Unset: the adc.ino simulator on a loopback port.
let adcHost = process.env.ARDUINO_HOST;
let adcPort = 6574;
if (!adcHost) {
  const sim = new AdcTcpSimulator({ raw: [2048, 0, 0, 1700] });
  ({ host: adcHost, port: adcPort } = await sim.start());
}
const adc = new ArduinoAdc({ host: adcHost, port: adcPort });
`,
  eaton: `
// --- Eaton UPS (or any RFC 1628 UPS-MIB device) over SNMPv3 ---
// UPS_HOST=10.0.0.3 and UPS_AUTH_KEY=...: the real UPS (user exp_monitor, SHA-256 authNoPriv).
// Unset: a simulated UPS on a loopback UDP port with a demo key.
let upsHost = process.env.UPS_HOST;
let upsPort = 161;
let upsUser: SnmpV3User = { name: process.env.UPS_USER ?? 'exp_monitor', authProtocol: 'sha256', authKey: { env: 'UPS_AUTH_KEY' } };
if (!upsHost) {
  const demoKey = 'expmon-demo-auth-key';
  const sim = await UpsSimulator.start({
    users: [{ name: 'exp_monitor', level: 'authNoPriv', authProtocol: 'sha256', authKey: demoKey }],
    unref: true,
  });
  process.env.EXPMON_UPS_SIMULATOR_KEY = demoKey;
  ({ host: upsHost, port: upsPort } = sim);
  upsUser = { name: 'exp_monitor', authProtocol: 'sha256', authKey: { env: 'EXPMON_UPS_SIMULATOR_KEY' } };
}
`,
};

const SOURCES: Record<StarterDriver, string> = {
  phidget: `    {
      // One reading per dataIntervalMs (1 s here), whatever \`interval\` says.
      source: new PhidgetThermocouple({ name: 'cold_head_temp', serialNumber: hubSerial, hubPort: 4, channel: 0, thermocoupleType: 'K', dataIntervalMs: 1000, transport: phidgetServer }),
      operators: [spikeFilter({ thresholdPercent: 50 }), convert('°C', 'K'), precision(4)],
      unit: 'K',
    },`,
  arduino: `    // A0: a supply voltage (V); pins outside 0..3.25 V are reported as invalid, never stored.
    { source: adc.channel(0, { name: 'supply_voltage' }), operators: [precision(3)], unit: 'V' },`,
  eaton: `    // One reading with many fields: battery_charge_percent, runtime_remaining_minutes, output_load_percent, …
    new EatonUps({ name: 'ups', host: upsHost, port: upsPort, user: upsUser, timeoutMs: 1500, retries: 1 }),`,
};
