import { z } from 'zod';
import type { Secret } from '@expmon/core';

/** zod schema of a {@link Secret}: `{ env: 'NAME' }` or `{ file: '/path' }`, never a literal value. */
export const secretSchema = z.custom<Secret>(
  (v) => {
    if (typeof v !== 'object' || v === null) return false;
    const keys = Object.keys(v);
    if (keys.length !== 1) return false;
    const val = (v as Record<string, unknown>)[keys[0]!];
    return (keys[0] === 'env' || keys[0] === 'file') && typeof val === 'string' && val !== '';
  },
  { message: "must be { env: 'VARIABLE' } or { file: '/path' }: secrets never go in the config file" },
);
