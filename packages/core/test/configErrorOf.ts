import { expect } from 'vitest';
import { ConfigError } from '@expmon/core';

/** Runs `f`, expects it to throw a ConfigError, and returns it for assertions on the message. */
export function configErrorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    expect(ConfigError.isInstance(e)).toBe(true);
    return e as ConfigError;
  }
  throw new Error('did not throw');
}
