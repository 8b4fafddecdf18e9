/** Drivers `expmon-runner init` can put in a starter config. */
export const STARTER_DRIVERS = ['phidget', 'arduino', 'eaton'] as const;

/** One of {@link STARTER_DRIVERS}. */
export type StarterDriver = (typeof STARTER_DRIVERS)[number];

/**
 * Parses `--drivers phidget,arduino,eaton` (any order, `ups` accepted for `eaton`); throws a
 * message naming the unknown word and the choices.
 *
 * @example
 * parseStarterDrivers('eaton,phidget'); // ['phidget', 'eaton']
 */
export function parseStarterDrivers(list: string): StarterDriver[] {
  const words = list.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
  if (words.length === 0) throw new Error(`must name at least one of ${STARTER_DRIVERS.join(', ')}`);
  for (const w of words) {
    if (!(STARTER_DRIVERS as readonly string[]).includes(w) && w !== 'ups') {
      throw new Error(`unknown driver '${w}': choose from ${STARTER_DRIVERS.join(', ')}`);
    }
  }
  return STARTER_DRIVERS.filter((d) => words.includes(d) || (d === 'eaton' && words.includes('ups')));
}

/** npm package of each starter driver. */
export const DRIVER_PACKAGES: Record<StarterDriver, string> = {
  phidget: '@expmon/driver-phidget',
  arduino: '@expmon/driver-arduino',
  eaton: '@expmon/driver-eaton',
};
