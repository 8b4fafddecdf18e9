import { describe, expect, it } from 'vitest';
import { parseDuration } from '@expmon/source-kit';

describe('parseDuration', () => {
  it('parses durations', () => {
    expect(parseDuration('200ms')).toBe(200);
    expect(parseDuration('5s')).toBe(5000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration('0s')).toBeUndefined();
    expect(parseDuration('5 parsecs')).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
  });

  it('takes only a number and its unit, nothing else', () => {
    expect(parseDuration(' 1d ')).toBe(86_400_000);
    expect(parseDuration('2min')).toBe(120_000);
    expect(parseDuration('5')).toBeUndefined();
    expect(parseDuration(Number.NaN)).toBeUndefined();
    expect(parseDuration({})).toBeUndefined();
  });
});
