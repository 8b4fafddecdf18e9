import type { SerialPort } from 'serialport';
import { SerialportUnavailableError } from './errors/SerialportUnavailableError.js';

let loading: Promise<typeof SerialPort> | undefined;

/**
 * The `SerialPort` class of the `serialport` package, imported on the first call only: importing
 * serialport loads its native binding, which a TCP-only user (`ArduinoAdc`) must not need, and
 * which may not exist on a platform without a prebuilt binding. Rejects with a
 * {@link SerialportUnavailableError} naming `device` and saying what to install; a later call
 * tries again (after the user installed it, say).
 *
 * @example
 * const SerialPort = await loadSerialport('tpg261 /dev/ttyUSB0');
 * const port = new SerialPort({ path: '/dev/ttyUSB0', baudRate: 9600, autoOpen: false });
 */
export function loadSerialport(device: string): Promise<typeof SerialPort> {
  loading ??= import('serialport').then(
    (module) => module.SerialPort,
    (cause: unknown) => {
      loading = undefined;
      throw cause;
    },
  );
  return loading.catch((cause: unknown) => {
    const missing = (cause as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' || (cause as { code?: string }).code === 'MODULE_NOT_FOUND';
    const detail = (cause as Error).message?.split('\n')[0] ?? String(cause);
    throw new SerialportUnavailableError(
      missing
        ? `serial sources need the serialport package, which is not installed: npm i serialport (${detail})`
        : `serialport could not be loaded on this platform (${detail}); reinstall it with a C++ toolchain ` +
            '(npm i serialport --build-from-source) or use the Arduino over TCP (ArduinoAdc)',
      { device, cause },
    );
  });
}
