// A lab script that reads a sensor every second and stores the readings durably:
// the @influxdata/influxdb-client version kept its retry buffer in memory (lost on a
// restart); with @expmon/store the readings go to an fsynced local log first.
//
//   INFLUX_URL=http://127.0.0.1:8086 INFLUX_DATABASE=lab node examples/lab-script.mjs
//
// Without INFLUX_URL it writes daily line-protocol files to ./lab-data/lp (no network).
// READINGS=n stops after n readings (the default runs until Ctrl-C).
import { FileSink, InfluxV1Sink, InfluxV2Sink, Store } from '@expmon/store';

const env = process.env;
const sink = !env.INFLUX_URL
  ? new FileSink({ dir: './lab-data/lp' })
  : env.INFLUX_BUCKET
    ? new InfluxV2Sink({ url: env.INFLUX_URL, token: env.INFLUX_TOKEN, org: env.INFLUX_ORG ?? 'lab', bucket: env.INFLUX_BUCKET })
    : new InfluxV1Sink({ url: env.INFLUX_URL, database: env.INFLUX_DATABASE ?? 'lab' });

const store = await Store.open({ dataDir: env.DATA_DIR ?? './lab-data', sinks: [sink] });

let n = 0;
const max = Number(env.READINGS ?? Infinity);
const timer = setInterval(() => {
  const value = 21 + Math.sin(n / 10); // read your sensor here
  store.write({ measurement: 'lab_temp', fields: { value }, tags: { unit: '°C', room: 'b12' }, time: Date.now() });
  if (++n >= max) void stop();
}, Number(env.PERIOD_MS ?? 1000));

async function stop() {
  clearInterval(timer);
  const counts = await store.close(10_000); // ships what it can within 10 s; the rest waits on disk for the next start
  console.log(JSON.stringify(counts));
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
