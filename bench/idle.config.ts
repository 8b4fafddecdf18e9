/**
 * Benchmark config for `node bench/memory.mjs`: BENCH_SENSORS (default 100) simulated
 * sensors polled at 1 Hz. The database comes from INFLUX_URL/INFLUX_DATABASE (set by the bench).
 */
import { SimulatedSource } from '@expmon/core';
import { defineConfig } from '@expmon/runner';

const n = Number(process.env.BENCH_SENSORS ?? 100);

export default defineConfig({
  interval: '1s',
  sources: Array.from({ length: n }, (_, i) => new SimulatedSource({ name: `sensor_${String(i).padStart(3, '0')}`, unit: 'V', offset: 20, seed: i + 1 })),
});
