/**
 * An Eaton UPS (5PX with a Network-M2 card) read over SNMPv3, as the seed lab runs it.
 *
 *   # the real UPS: SNMPv3 user exp_monitor, authNoPriv with SHA-256
 *   UPS_HOST=10.0.0.3 UPS_AUTH_KEY=... npx expmon-runner examples/ups.config.ts
 *   # no UPS: leave UPS_HOST unset; the package's UPS simulator starts on a free loopback port
 *   npx expmon-runner examples/ups.config.ts --verbose
 *
 * Optional: UPS_USER (default exp_monitor), UPS_PRIV_KEY (authPriv, AES), UPS_SCHEMA=python
 * (the Python tool's measurements ups_rem-minutes, ups_rem-charge, ups_on-time, ups_load),
 * UPS_SIMULATE_OUTAGE=1 (the simulated mains fail at start, the battery drains).
 * With INFLUX_URL and INFLUX_DATABASE set, readings go to InfluxDB 1.x.
 */
import { EatonUps, type SnmpV3User } from '@expmon/driver-eaton';
import { UpsSimulator } from '@expmon/driver-eaton/simulator';
import { defineConfig } from '@expmon/runner';

let host = process.env.UPS_HOST;
let port = 161;
let user: SnmpV3User = {
  name: process.env.UPS_USER ?? 'exp_monitor',
  authProtocol: 'sha256',
  authKey: { env: 'UPS_AUTH_KEY' },
  ...(process.env.UPS_PRIV_KEY ? { privProtocol: 'aes' as const, privKey: { env: 'UPS_PRIV_KEY' } } : {}),
};

if (!host) {
  // No UPS: a simulated one with the same SNMPv3 user (authNoPriv, SHA-256) and a demo key.
  const demoKey = 'expmon-demo-auth-key';
  const sim = await UpsSimulator.start({
    users: [{ name: 'exp_monitor', level: 'authNoPriv', authProtocol: 'sha256', authKey: demoKey }],
    unref: true,
  });
  if (process.env.UPS_SIMULATE_OUTAGE === '1') sim.mainsFailure();
  process.env.EXPMON_UPS_SIMULATOR_KEY = demoKey;
  host = sim.host;
  port = sim.port;
  user = { name: 'exp_monitor', authProtocol: 'sha256', authKey: { env: 'EXPMON_UPS_SIMULATOR_KEY' } };
}

export default defineConfig({
  interval: '5s',
  sources: [
    new EatonUps({
      name: 'ups',
      host,
      port,
      user,
      // The driver's defaults (800 ms × 2 attempts) fit well inside the 5 s interval's read timeout.
      schema: process.env.UPS_SCHEMA === 'python' ? 'python' : 'fields',
    }),
  ],
});
