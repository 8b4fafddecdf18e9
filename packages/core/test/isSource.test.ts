import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isSource, SimulatedSource } from '@expmon/core';

const read = async () => [];

describe('isSource', () => {
  it.each([
    ['a SimulatedSource', new SimulatedSource({ name: 's' })],
    ['a polled object', { kind: 'polled', name: 'a', device: 'd', read }],
    ['a push object', { kind: 'push', name: 'a', device: 'd', read, readings: () => of() }],
  ])('accepts %s', (_what, value) => {
    expect(isSource(value)).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'source'],
    ['a push source without readings()', { kind: 'push', name: 'a', device: 'd', read }],
    ['an unknown kind', { kind: 'pull', name: 'a', device: 'd', read }],
    ['no kind', { name: 'a', device: 'd', read }],
    ['no device', { kind: 'polled', name: 'a', read }],
    ['a name that is not a string', { kind: 'polled', name: 1, device: 'd', read }],
    ['read that is not a function', { kind: 'polled', name: 'a', device: 'd', read: 'x' }],
    ['an Observable', of(1)],
  ])('rejects %s', (_what, value) => {
    expect(isSource(value)).toBe(false);
  });
});
