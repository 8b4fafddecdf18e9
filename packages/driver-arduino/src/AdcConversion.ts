import { ConfigError } from '@expmon/core';

/** How raw ADC counts become volts: `volts = raw / 2^bits × fullScaleVolts`. */
export interface AdcConversion {
  /** ADC resolution in bits; default 12 (Arduino Due). */
  readonly bits: number;
  /** Voltage of a reading of 2^bits counts; default 3.25 (the lab's measured Due reference). */
  readonly fullScaleVolts: number;
}

/** The Arduino Due defaults: 12 bits, 3.25 V full scale. */
export const DEFAULT_ADC_CONVERSION: AdcConversion = { bits: 12, fullScaleVolts: 3.25 };

/**
 * Checks conversion options (throws {@link ConfigError} naming the option) and fills defaults.
 *
 * @example
 * const conv = adcConversion({ fullScaleVolts: 3.3 }, 'ArduinoAdc');
 * rawToVolts(4096, conv); // 3.3
 */
export function adcConversion(options: Partial<AdcConversion>, owner: string): AdcConversion {
  const bits = options.bits ?? DEFAULT_ADC_CONVERSION.bits;
  const fullScaleVolts = options.fullScaleVolts ?? DEFAULT_ADC_CONVERSION.fullScaleVolts;
  if (!Number.isInteger(bits) || bits < 1 || bits > 16) {
    throw new ConfigError(`must be an integer from 1 to 16, got ${String(bits)}`, { field: `${owner}.bits` });
  }
  if (!(Number.isFinite(fullScaleVolts) && fullScaleVolts > 0)) {
    throw new ConfigError(`must be a positive number of volts, got ${String(fullScaleVolts)}`, {
      field: `${owner}.fullScaleVolts`,
    });
  }
  return { bits, fullScaleVolts };
}

/**
 * Converts a raw ADC count to volts.
 *
 * @example
 * rawToVolts(2048, { bits: 12, fullScaleVolts: 3.25 }); // 1.625
 */
export function rawToVolts(raw: number, conversion: AdcConversion): number {
  return (raw / 2 ** conversion.bits) * conversion.fullScaleVolts;
}
