#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fitTpg300 } from '../fitTpg300.js';
import { parseCalibrationCsv } from '../parseCalibrationCsv.js';

// `expmon-fit-tpg300 pairs.csv [--a 1]`: fits the TPG300 curve P(V) = a·10^(b·V − c) + d to a CSV
// of `pressure,volts` rows and prints the coefficients, the residual of every pair and the valid range.
function main(argv: string[]): number {
  const args = argv.slice(2);
  if (args.includes('--version') || args.includes('-V')) {
    // dist/fitTpg300Cli.js → the package's own package.json.
    const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };
    process.stdout.write(`${name} ${version}\n`);
    return 0;
  }
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    const usage =
      'usage: expmon-fit-tpg300 PAIRS.csv [--a A]\n' +
      '  PAIRS.csv: lines "pressure,volts" (mbar, V) from a reference gauge and the ADC channel\n' +
      '  --a A: hold a at A (default 1)\n' +
      '  --version: print the version\n';
    (args.length === 0 ? process.stderr : process.stdout).write(usage);
    return args.length === 0 ? 2 : 0;
  }
  const aIndex = args.indexOf('--a');
  const unknown = args.find((x, i) => x.startsWith('-') && x !== '--a' && (aIndex < 0 || i !== aIndex + 1));
  if (unknown !== undefined) {
    process.stderr.write(`expmon-fit-tpg300: unknown option ${unknown} (try --help)\n`);
    return 2;
  }
  const a = aIndex >= 0 ? Number(args[aIndex + 1]) : undefined;
  const file = args.find((x, i) => !x.startsWith('-') && (aIndex < 0 || i !== aIndex + 1));
  if (!file) {
    process.stderr.write('expmon-fit-tpg300: no CSV file given\n');
    return 2;
  }
  try {
    const fit = fitTpg300(parseCalibrationCsv(readFileSync(file, 'utf8')), { a });
    const { a: fa, b, c, d } = fit.coefficients;
    const out = process.stdout;
    out.write(`P(V) = a·10^(b·V − c) + d   (${fit.residuals.length} pairs, ${fit.iterations} iterations)\n`);
    out.write(`a = ${fa}  (held fixed)\nb = ${b}\nc = ${c}\nd = ${d}\n\n`);
    out.write('volts       measured      fitted        residual\n');
    for (const r of fit.residuals) {
      out.write(
        `${r.volts.toFixed(4).padEnd(11)} ${r.pressure.toExponential(4).padEnd(13)} ${r.fitted.toExponential(4).padEnd(13)} ${(r.relative * 100).toFixed(2)} %\n`,
      );
    }
    out.write(`\nrms residual ${(fit.rmsRelative * 100).toFixed(2)} %, largest ${(fit.maxRelative * 100).toFixed(2)} %\n`);
    out.write(`valid range: ${fit.validVolts[0]} .. ${fit.validVolts[1]} V (outside it the curve is extrapolated)\n\n`);
    out.write(
      `adc.channel(PIN, { name: 'pressure', unit: 'mbar', validVolts: [${fit.validVolts.join(', ')}],\n` +
        `  calibrate: powerOfTenCurve({ a: ${fa}, b: ${b}, c: ${c}, d: ${d} }) })\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`expmon-fit-tpg300: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv);
