/**
 * CPU time and memory of another process, from Linux's /proc (what `top` shows), for benchmarks.
 *
 * @example
 * const before = cpuSeconds(child.pid);
 * // ... later
 * const share = (cpuSeconds(child.pid) - before) / wallSeconds; // fraction of one core
 * console.log(memory(child.pid).rssMB);
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let hz;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  // Fields after the command: state is index 0; utime (field 14 overall) is index 11, stime 12.
  return (Number(f[11]) + Number(f[12])) / clockTicks();
}

/** Resident set size now (VmRSS) and its peak (VmHWM), in MB. */
export function memory(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
  return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
}

function clockTicks() {
  if (hz === undefined) {
    try {
      hz = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
    } catch {
      hz = 100; // Linux USER_HZ
    }
  }
  return hz;
}
