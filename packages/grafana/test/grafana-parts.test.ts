import { describe, expect, it } from 'vitest';
import { panelThresholds, thresholdRules } from '../src/alertThresholds.js';
import { grafanaDatasource, grafanaSecretRef } from '../src/grafanaDatasource.js';
import { grafanaUnit } from '../src/grafanaUnit.js';
import { fluxQueries, influxqlQueries } from '../src/sensorQueries.js';

describe('grafanaUnit', () => {
  it.each([
    ['°C', 'celsius'],
    ['K', 'kelvin'],
    ['mbar', 'pressurembar'],
    ['V', 'volt'],
    ['%', 'percent'],
    ['W', 'watt'],
    ['min', 'm'],
    ['Torr', 'suffix: Torr'],
    [undefined, 'none'],
    ['', 'none'],
  ])('%s → %s', (unit, id) => {
    expect(grafanaUnit(unit)).toBe(id);
  });
});

describe('alert thresholds on panels', () => {
  const rules = thresholdRules({
    alerts: {
      rules: [
        { name: 'warm', sensor: 't', above: 4.5 },
        { name: 'warmer', sensor: 't', above: 6 },
        { name: 'band', sensor: 'p', outside: [1e-9, 1e-6] },
        { name: 'dry', sensor: 'h', below: 20 },
        { name: 'humid', sensor: 'h', above: 70 },
        { name: 'odd', sensor: 'x', below: 10, above: 5 },
        { name: 'raw', sensor: 't', field: 'raw', above: 1 },
        { name: 'silent', sensor: 't', noDataFor: '5m' },
        { name: 'nan', sensor: 't', above: Number.NaN },
        'garbage',
        null,
        { sensor: 'nameless', above: 1 },
      ],
    },
  });

  it('keeps only rules with a finite fixed threshold', () => {
    expect(rules.map((r) => r.name)).toEqual(['warm', 'warmer', 'band', 'dry', 'humid', 'odd', 'raw']);
    expect(thresholdRules({})).toEqual([]);
    expect(thresholdRules({ alerts: { rules: 'nope' } })).toEqual([]);
    expect(thresholdRules(undefined)).toEqual([]);
  });

  it('above: green then red at the lowest bound; rules on other fields are not drawn', () => {
    expect(panelThresholds('t', rules)).toEqual({
      steps: [
        { color: 'green', value: null },
        { color: 'red', value: 4.5 },
      ],
      rules: ['warm', 'warmer'],
    });
  });

  it('outside and below+above: red, green from the low bound, red from the high bound', () => {
    expect(panelThresholds('p', rules).steps).toEqual([
      { color: 'red', value: null },
      { color: 'green', value: 1e-9 },
      { color: 'red', value: 1e-6 },
    ]);
    expect(panelThresholds('h', rules).steps).toEqual([
      { color: 'red', value: null },
      { color: 'green', value: 20 },
      { color: 'red', value: 70 },
    ]);
  });

  it('bounds that leave no good value paint everything red; no rule leaves it green', () => {
    expect(panelThresholds('x', rules).steps).toEqual([{ color: 'red', value: null }]);
    expect(panelThresholds('nobody', rules)).toEqual({ steps: [{ color: 'green', value: null }], rules: [] });
  });
});

describe('queries', () => {
  it('InfluxQL quotes identifiers', () => {
    expect(influxqlQueries('he level "B"')).toEqual({
      history: 'SELECT mean("value") FROM "he level \\"B\\"" WHERE $timeFilter GROUP BY time($__interval) fill(null)',
      last: 'SELECT last("value") FROM "he level \\"B\\"" WHERE $timeFilter',
    });
  });

  it('Flux quotes strings and escapes interpolation', () => {
    const q = fluxQueries('lab"b', 'x${y}');
    expect(q.history).toContain('from(bucket: "lab\\"b")');
    expect(q.history).toContain('r._measurement == "x\\${y}" and r._field == "value"');
    expect(q.history).toContain('aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)');
    expect(q.last.endsWith('|> last()')).toBe(true);
  });
});

describe('grafanaDatasource', () => {
  const file = '/srv/lab/lab.config.ts';
  it('secrets become references; relative secret files are taken from the config folder', () => {
    expect(grafanaSecretRef({ env: 'INFLUX_TOKEN' }, '/srv/lab')).toBe('$__env{INFLUX_TOKEN}');
    expect(grafanaSecretRef({ file: 'pw.txt' }, '/srv/lab')).toBe('$__file{/srv/lab/pw.txt}');
    const ds = grafanaDatasource(
      { file, sinks: [{ type: 'file' }, { type: 'influx-v2', url: 'http://db:8086', org: 'o', bucket: 'b', token: { file: '/etc/expmon/token' } }] },
      {},
      { language: 'Flux' },
    );
    expect(ds).toMatchObject({ api: 'v2', language: 'Flux', url: 'http://db:8086', org: 'o', bucket: 'b', token: '$__file{/etc/expmon/token}' });
  });

  it('the environment wins over the sinks, like for the runner', () => {
    const ds = grafanaDatasource(
      { file, sinks: [{ type: 'influx-v1', url: 'http://old:8086', database: 'old' }] },
      { INFLUX_URL: 'http://new:8086', INFLUX_DATABASE: 'new', INFLUX_USERNAME: 'reader', INFLUX_PASSWORD: 'pw-value' },
    );
    expect(ds).toMatchObject({ api: 'v1', url: 'http://new:8086', database: 'new', user: 'reader', password: '$__env{INFLUX_PASSWORD}' });
    expect(JSON.stringify(ds)).not.toContain('pw-value');
  });

  it('refuses Flux on InfluxDB 1.x, and a config without a database', () => {
    expect(() => grafanaDatasource({ file, sinks: [{ type: 'influx-v1', url: 'http://x', database: 'd' }] }, {}, { language: 'Flux' })).toThrow(/Flux needs the InfluxDB v2 API/);
    expect(() => grafanaDatasource({ file, sinks: [] }, {})).toThrow(/no InfluxDB to show/);
    expect(() => grafanaDatasource({ file, sinks: [] }, { INFLUX_URL: 'http://x' })).toThrow(/also set INFLUX_DATABASE/);
  });
});
