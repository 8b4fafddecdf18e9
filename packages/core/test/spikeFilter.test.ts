import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError, spikeFilter, type Reading, type SpikeFilterOptions } from '@expmon/core';

// Marble layout: inputs are spaced 5 (or 7) frames apart and the expected marbles are written
// in the same columns, so a column is a frame. A group `(AB)` occupies as many frames as it
// has characters, which is why the spacing is wider than the longest group.

function marbles(callback: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run((helpers) => callback(helpers, scheduler));
}

/**
 * Readings named by lowercase letters, with distinct times; the uppercase letter is the same
 * reading as the spike filter quarantines it (`<measurement>_spikes`), `T` + letter tagged.
 */
function series(
  letters: string,
  values: ReadonlyArray<number | string>,
  measurement = 'temp',
  tags: Record<string, string> = { unit: 'K' },
  firstTime = 1000,
): Record<string, Reading> {
  const out: Record<string, Reading> = {};
  [...letters].forEach((letter, i) => {
    const reading: Reading = { measurement, fields: { value: values[i]! }, tags, time: firstTime + i };
    out[letter] = reading;
    out[letter.toUpperCase()] = { ...reading, measurement: `${measurement}_spikes` };
  });
  return out;
}

function expectFiltered(
  options: SpikeFilterOptions,
  input: string,
  values: Record<string, Reading>,
  expected: string,
): void {
  marbles(({ cold, expectObservable }) => {
    expectObservable(cold(input, values).pipe(spikeFilter(options))).toBe(expected, values);
  });
}

describe('spikeFilter, length 1', () => {
  const options = { thresholdPercent: 50 };

  it('quarantines a single upward spike and delays every reading by one reading', () => {
    const v = series('abcde', [10, 10, 100, 10, 10]);
    expectFiltered(options, '  a----b----c----d----e----|', v,
                            '  -----a----b----C----d----(e|)');
  });

  it('quarantines a single downward spike', () => {
    const v = series('abcde', [10, 10, 1, 10, 10]);
    expectFiltered(options, '  a----b----c----d----e----|', v,
                            '  -----a----b----C----d----(e|)');
  });

  it('keeps a deviation below the threshold', () => {
    const v = series('abcde', [10, 10, 14.9, 10, 10]);
    expectFiltered(options, '  a----b----c----d----e----|', v,
                            '  -----a----b----c----d----(e|)');
  });

  it('treats a deviation of exactly the threshold as a spike', () => {
    const v = series('abcde', [10, 10, 15, 10, 10]);
    expectFiltered(options, '  a----b----c----d----e----|', v,
                            '  -----a----b----C----d----(e|)');
  });

  it('needs the spike to stand out from both neighbours (a step is not a spike)', () => {
    // 100 -> 200 -> 200: c differs from b but not from d.
    const v = series('abcde', [100, 100, 200, 200, 200]);
    expectFiltered(options, '  a----b----c----d----e----|', v,
                            '  -----a----b----c----d----(e|)');
  });

  it('passes a level change that lasts longer than one reading', () => {
    const v = series('abcdef', [10, 10, 100, 100, 10, 10]);
    expectFiltered(options, '  a----b----c----d----e----f----|', v,
                            '  -----a----b----c----d----e----(f|)');
  });

  it('works with negative values (percent of the magnitude)', () => {
    const v = series('abcde', [-10, -10, -30, -10, -10]);
    expectFiltered(options, '  a----b----c----d----e----|', v,
                            '  -----a----b----C----d----(e|)');
  });

  it('cannot judge the first reading of a series (it has no left neighbour)', () => {
    const v = series('abcd', [100, 10, 10, 10]);
    expectFiltered(options, '  a----b----c----d----|', v,
                            '  -----a----b----c----(d|)');
  });

  it('judges the second reading against the first', () => {
    const v = series('abcd', [10, 100, 10, 10]);
    expectFiltered(options, '  a----b----c----d----|', v,
                            '  -----a----B----c----(d|)');
  });

  it('releases the held reading when the stream completes, unjudged', () => {
    const v = series('abc', [10, 10, 100]);
    expectFiltered(options, '  a----b----c----|', v,
                            '  -----a----b----(c|)');
  });

  it('releases the held reading before passing on an error', () => {
    const v = series('ab', [10, 10]);
    expectFiltered(options, '  a----b----#', v,
                            '  -----a----(b#)');
  });

  it('does not emit after unsubscription', () => {
    const v = series('abc', [10, 10, 10]);
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold('a----b----c----|', v).pipe(spikeFilter(options)), '^------!').toBe('-----a--', v);
    });
  });
});

describe('spikeFilter, longer spikes', () => {
  it('quarantines a spike of 2 readings with length 2; each reading is delayed by two', () => {
    const v = series('abcdef', [10, 10, 100, 100, 10, 10]);
    expectFiltered({ thresholdPercent: 50, length: 2 }, '  a----b----c----d----e----f----|', v,
                                                        '  ----------a----b----(CD)------(ef|)');
  });

  it('quarantines a single spike with length 2 after one reading', () => {
    const v = series('abcde', [10, 10, 100, 10, 10]);
    // The spike goes out at once; b, still held, follows with the next reading.
    expectFiltered({ thresholdPercent: 50, length: 2 }, '  a----b----c----d----e----|', v,
                                                        '  ----------a----C----b----(de|)');
  });

  it('quarantines a spike of 3 readings with length 3', () => {
    const v = series('abcdefg', [10, 10, 100, 110, 90, 10, 10]);
    expectFiltered({ thresholdPercent: 50, length: 3 }, '  a------b------c------d------e------f------g------|', v,
                                                        '  ---------------------a------b------(CDE)---------(fg|)');
  });

  it('quarantines a spike of 4 readings with length 4', () => {
    const v = series('abcdefgh', [10, 10, 2, 2.5, 2, 2.2, 10, 10]);
    expectFiltered({ thresholdPercent: 50, length: 4 }, '  a------b------c------d------e------f------g------h------|', v,
                                                        '  ----------------------------a------b------(CDEF)--------(gh|)');
  });

  it('passes a level change longer than length unchanged (length 3, 4 readings high)', () => {
    const v = series('abcdefgh', [10, 10, 100, 100, 100, 100, 10, 10]);
    expectFiltered({ thresholdPercent: 50, length: 3 }, '  a----b----c----d----e----f----g----h----|', v,
                                                        '  ---------------a----b----c----d----e----(fgh|)');
  });

  it('lets a spike longer than length through (length 1, spike of 2)', () => {
    const v = series('abcdef', [10, 10, 100, 100, 10, 10]);
    expectFiltered({ thresholdPercent: 50 }, '  a----b----c----d----e----f----|', v,
                                             '  -----a----b----c----d----e----(f|)');
  });

  it('does not take a normal reading out with a spike: every reading of the window must stand out', () => {
    // 60 then 140 above a baseline of 10. Both are spikes; the 10 after them is not.
    const v = series('abcdef', [10, 10, 60, 140, 10, 10]);
    expectFiltered({ thresholdPercent: 50, length: 2 }, '  a----b----c----d----e----f----|', v,
                                                        '  ----------a----b----(DC)------(ef|)');
  });

  it('takes out only the spike when the next reading is slightly off the baseline', () => {
    const v = series('abcdef', [10, 10, 100, 9, 10, 10]);
    expectFiltered({ thresholdPercent: 50, length: 2 }, '  a----b----c----d----e----f----|', v,
                                                        '  ----------a----C----b----d----(ef|)');
  });
});

describe('spikeFilter actions', () => {
  const v = series('abcde', [10, 10, 100, 10, 10]);

  it('drop: discards the spike', () => {
    expectFiltered({ thresholdPercent: 50, action: 'drop' }, '  a----b----c----d----e----|', v,
                                                             '  -----a----b---------d----(e|)');
  });

  it('tag: writes the spike to its own measurement with tag spike=true', () => {
    const tagged = { ...v, X: { ...v.c!, tags: { unit: 'K', spike: 'true' } } };
    expectFiltered({ thresholdPercent: 50, action: 'tag' }, '  a----b----c----d----e----|', tagged,
                                                            '  -----a----b----X----d----(e|)');
  });

  it('quarantine (default): keeps fields, tags and time, renames the measurement', () => {
    const found: Reading[] = [];
    marbles(({ cold, flush }) => {
      cold('a-b-c-d-e|', v)
        .pipe(spikeFilter({ thresholdPercent: 50 }))
        .subscribe((r) => found.push(r));
      flush();
    });
    expect(found.filter((r) => r.measurement === 'temp_spikes')).toEqual([
      { measurement: 'temp_spikes', fields: { value: 100 }, tags: { unit: 'K' }, time: 1002 },
    ]);
    expect(found.filter((r) => r.measurement === 'temp').map((r) => r.fields.value)).toEqual([10, 10, 10, 10]);
  });

  it('calls onSpike with each spike window', () => {
    const spikes: (readonly Reading[])[] = [];
    const w = series('abcdef', [10, 10, 100, 100, 10, 10]);
    marbles(({ cold, flush }) => {
      cold('a-b-c-d-e-f|', w)
        .pipe(spikeFilter({ thresholdPercent: 50, length: 2, onSpike: (s) => spikes.push(s) }))
        .subscribe();
      flush();
    });
    expect(spikes).toEqual([[w.c, w.d]]);
  });

  it('errors the stream when onSpike throws', () => {
    const boom = new Error('log full');
    marbles(({ cold, expectObservable }) => {
      const filtered = cold('a----b----c----d----e----|', v).pipe(
        spikeFilter({
          thresholdPercent: 50,
          onSpike: () => {
            throw boom;
          },
        }),
      );
      expectObservable(filtered).toBe('-----a----b----#', v, boom);
    });
  });
});

describe('spikeFilter zeros', () => {
  // With a threshold above 100 %, a drop to 0 is not a spike by size.
  const v = series('abcde', [10, 10, 0, 10, 10]);

  it('allowZeros true (default): a zero is judged like any value', () => {
    expectFiltered({ thresholdPercent: 150 }, '  a----b----c----d----e----|', v,
                                              '  -----a----b----c----d----(e|)');
  });

  it('allowZeros false: a zero is quarantined at once, without delay', () => {
    expectFiltered({ thresholdPercent: 150, allowZeros: false }, '  a----b----c----d----e----|', v,
                                                                 '  -----a----C----b----d----(e|)');
  });

  it('allowZeros false: a zero does not become the left neighbour', () => {
    const w = series('abcde', [10, 0, 100, 10, 10]);
    expectFiltered({ thresholdPercent: 50, allowZeros: false }, '  a----b----c----d----e----|', w,
                                                                '  -----B----a----C----d----(e|)');
  });
});

describe('spikeFilter series', () => {
  it('filters interleaved series (measurement + tags) independently', () => {
    const t = series('abcde', [10, 10, 100, 10, 10], 'temp', { unit: 'K', sensor: '1' });
    const u = series('vwxyz', [5, 50, 5, 5, 5], 'temp', { unit: 'K', sensor: '2' }, 2000);
    const p = series('klmno', [1, 1, 1, 1, 1], 'pressure', { unit: 'mbar' }, 3000);
    const values = { ...t, ...u, ...p };
    // Per series the delay is one reading of that series.
    expectFiltered({ thresholdPercent: 50 }, '  a-v-k-b-w-l-c-x-m-d-y-n-e-z-o-|', values,
                                             '  ------a-v-k-b-W-l-C-x-m-d-y-n-(ezo|)');
  });

  it('keeps tag values with separators apart', () => {
    const one = series('ab', [10, 10], 'm', { unit: 'K', a: 'x,b=y' });
    const two = series('cd', [100, 100], 'm', { unit: 'K', a: 'x', b: 'y' }, 2000);
    // Were they one series, b (10) would sit between c and d and be a spike.
    expectFiltered({ thresholdPercent: 50 }, '  a----c----b----d----|', { ...one, ...two },
                                             '  ----------a----c----(bd|)');
  });

  it('passes readings with non-numeric or non-finite values at once, without judging them', () => {
    const v = series('abcdenxi', [10, 10, 100, 10, 10, 'on', Number.NaN, Number.POSITIVE_INFINITY]);
    // n, x, i pass in their own frame; the spike c is still found around the NaN.
    expectFiltered({ thresholdPercent: 50 }, '  a----b----c----x----d----n----i----e----|', v,
                                             '  -----a----b----x----C----n----i----d----(e|)');
  });
});

describe('spikeFilter maxHoldMs', () => {
  const v = series('abc', [10, 10, 10]);

  it('releases the held readings of a quiet series after maxHoldMs (virtual time)', () => {
    expectFiltered({ thresholdPercent: 50, maxHoldMs: 50 }, '  a 99ms b 199ms |', v,
                                                            '  50ms a 99ms b 149ms |');
  });

  it('uses the scheduler it is given', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const filtered = cold('a 99ms b 199ms |', v).pipe(spikeFilter({ thresholdPercent: 50, maxHoldMs: 50 }, scheduler));
      expectObservable(filtered).toBe('50ms a 99ms b 149ms |', v);
    });
  });

  it('restarts the timer on each reading, so a steady series is still filtered', () => {
    const w = series('abcde', [10, 10, 100, 10, 10]);
    expectFiltered({ thresholdPercent: 50, maxHoldMs: 30 }, '  a 19ms b 19ms c 19ms d 19ms e 99ms |', w,
                                                            '  20ms a 19ms b 19ms C 19ms d 29ms e 69ms |');
  });

  it('releases a held reading unjudged when the timer fires (a later spike check has no right side)', () => {
    const w = series('abcd', [10, 10, 100, 10]);
    expectFiltered({ thresholdPercent: 50, maxHoldMs: 50 }, '  a 9ms b 9ms c 99ms d 9ms |', w,
                                                            '  10ms a 9ms b 49ms c 59ms (d|)');
  });
});

describe('spikeFilter options', () => {
  const bad: Array<[string, unknown]> = [
    ['spikeFilter.length', { thresholdPercent: 50, length: 0 }],
    ['spikeFilter.length', { thresholdPercent: 50, length: 5 }],
    ['spikeFilter.length', { thresholdPercent: 50, length: 1.5 }],
    ['spikeFilter.thresholdPercent', { thresholdPercent: 0 }],
    ['spikeFilter.thresholdPercent', { thresholdPercent: -10 }],
    ['spikeFilter.thresholdPercent', { thresholdPercent: Number.NaN }],
    ['spikeFilter.thresholdPercent', { thresholdPercent: '50' }],
    ['spikeFilter.thresholdPercent', {}],
    ['spikeFilter.action', { thresholdPercent: 50, action: 'delete' }],
    ['spikeFilter.maxHoldMs', { thresholdPercent: 50, maxHoldMs: 0 }],
    ['spikeFilter.maxHoldMs', { thresholdPercent: 50, maxHoldMs: Number.POSITIVE_INFINITY }],
    ['spikeFilter.allowZeros', { thresholdPercent: 50, allowZeros: 'no' }],
    ['spikeFilter', undefined],
  ];
  it.each(bad)('throws a ConfigError naming %s for %j', (field, options) => {
    let error: unknown;
    try {
      spikeFilter(options as SpikeFilterOptions);
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).field).toBe(field);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
  });

  it('accepts lengths 1 to 4', () => {
    for (const length of [1, 2, 3, 4]) expect(typeof spikeFilter({ thresholdPercent: 10, length })).toBe('function');
  });
});

describe('spikeFilter, the README examples (thresholdPercent 50, length 2)', () => {
  it('20 20 20 95 90 20 20: 95 90 go to temp_spikes', () => {
    const v = series('abcdefg', [20, 20, 20, 95, 90, 20, 20]);
    expectFiltered({ thresholdPercent: 50, length: 2 }, '  a----b----c----d----e----f----g----|', v,
                                                        '  ----------a----b----c----(DE)------(fg|)');
  });

  it('20 20 20 95 90 90 20: a real change, all pass', () => {
    const v = series('abcdefg', [20, 20, 20, 95, 90, 90, 20]);
    expectFiltered({ thresholdPercent: 50, length: 2 }, '  a----b----c----d----e----f----g----|', v,
                                                        '  ----------a----b----c----d----e----(fg|)');
  });
});
