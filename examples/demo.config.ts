/**
 * The fully simulated example: three simulated sensors, no hardware, no database.
 * Readings go to daily line-protocol files in ./expmon-data/lp (the embedded default).
 *
 *   npx expmon-runner examples/demo.config.ts --verbose
 *
 * To store them in InfluxDB instead, set INFLUX_URL and INFLUX_DATABASE (1.x) or
 * INFLUX_URL, INFLUX_TOKEN, INFLUX_ORG and INFLUX_BUCKET (2.x / 3.x): no edit needed.
 */
import { SimulatedSource, convert, precision, spikeFilter } from '@expmon/core';
import { defineConfig } from '@expmon/runner';

export default defineConfig({
  interval: '1s',
  sources: [
    {
      // A thermocouple that sometimes glitches: spikes are quarantined in cryostat_temp_spikes.
      source: new SimulatedSource({ name: 'cryostat_temp', unit: '°C', offset: -196, amplitude: 0.5, periodMs: 120_000, noise: 0.02, spikeProbability: 0.05, spikeSize: 80, seed: 7 }),
      operators: [spikeFilter({ thresholdPercent: 20, length: 1 }), convert('°C', 'K'), precision(5)],
      unit: 'K',
      description: 'Cold plate of the cryostat (simulated K-type thermocouple)',
      group: 'cryostat',
    },
    {
      source: new SimulatedSource({ name: 'chamber_pressure', unit: 'mbar', offset: 2e-6, amplitude: 5e-7, noise: 1e-8, latencyMs: 150, seed: 3 }),
      operators: [precision(3)],
      unit: 'mbar',
      description: 'Vacuum chamber pressure (simulated gauge)',
      group: 'vacuum',
    },
    // A flaky device: fails now and then; the runner logs it and retries with backoff.
    {
      source: new SimulatedSource({ name: 'lab_humidity', unit: '%', offset: 45, amplitude: 3, latencyMs: 50, failureProbability: 0.1, seed: 11 }),
      unit: '%',
      description: 'Room humidity (a flaky simulated sensor)',
      group: 'room',
    },
  ],
});
