import type { CalibrationPair } from './fitTpg300.js';

/**
 * Reads calibration pairs from CSV text: one `pressure,volts` row per line (mbar, V;
 * commas, semicolons, tabs or spaces between them); a header line and `#` comments are
 * skipped. Used by the `expmon-fit-tpg300` CLI.
 *
 * @example
 * parseCalibrationCsv('pressure,volts\n1e-6,0.52\n1e-5,0.83\n');
 * // [{ pressure: 1e-6, volts: 0.52 }, { pressure: 1e-5, volts: 0.83 }]
 */
export function parseCalibrationCsv(text: string): CalibrationPair[] {
  const pairs: CalibrationPair[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const [p, v, ...rest] = t.split(/[,;\t ]+/);
    const pressure = Number(p);
    const volts = Number(v);
    if (rest.length > 0 || !Number.isFinite(pressure) || !Number.isFinite(volts) || v === undefined) {
      if (pairs.length === 0 && i === 0) return; // header
      throw new Error(`line ${i + 1}: expected "pressure,volts", got ${JSON.stringify(t)}`);
    }
    pairs.push({ pressure, volts });
  });
  return pairs;
}
