/**
 * Stops a child process: SIGTERM, then SIGKILL if it has not exited after `graceMs`.
 * Resolves when it has exited (at once if it already had).
 *
 * @example
 * await stopChild(runner, 15_000);
 */
export function stopChild(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
