import { once } from 'node:events';
import { firstValueFrom, from, merge, Observable, Subject, take, toArray, type ObservableInput } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DeviceError, InvalidReadingError, ProblemSubject, type ExpmonError, type ProblemStream } from '@expmon/source-kit';

describe('ProblemSubject', () => {
  it('tells every current subscriber, and none after it unsubscribed', () => {
    const subject = new ProblemSubject();
    const a: string[] = [];
    const b: string[] = [];
    const subA = subject.subscribe((p) => a.push(p.message));
    subject.subscribe({ next: (p) => b.push(p.message) });
    expect(subject.observed).toBe(true);
    subject.next(new DeviceError('one'));
    subA.unsubscribe();
    subject.next(new DeviceError('two'));
    expect(a).toEqual(['one']);
    expect(b).toEqual(['one', 'two']);
  });

  it('replays nothing to a later subscriber', () => {
    const subject = new ProblemSubject();
    subject.next(new DeviceError('before'));
    const seen: string[] = [];
    subject.subscribe((p) => seen.push(p.message));
    subject.next(new DeviceError('after'));
    expect(seen).toEqual(['after']);
  });

  it('skips a subscriber that an earlier one removed while being told', () => {
    const subject = new ProblemSubject();
    const seen: string[] = [];
    let second: { unsubscribe(): void } | undefined;
    subject.subscribe(() => {
      seen.push('first');
      second?.unsubscribe();
    });
    second = subject.subscribe(() => seen.push('second'));
    subject.next(new DeviceError('x'));
    expect(seen).toEqual(['first']);
  });

  it('tells the others and returns to the driver when a subscriber throws, with a process warning', async () => {
    const subject = new ProblemSubject();
    const seen: string[] = [];
    subject.subscribe(() => {
      throw new Error('a script bug');
    });
    subject.subscribe((p) => seen.push(p.message));
    const warned = once(process, 'warning') as Promise<[Error & { code?: string }]>;
    expect(() => subject.next(new DeviceError('stale'))).not.toThrow();
    expect(seen).toEqual(['stale']);
    const [warning] = await warned;
    expect(warning.code).toBe('EXPMON_PROBLEM_SUBSCRIBER');
    expect(warning.message).toContain('a script bug');
  });

  it('completes its subscribers, and a later one at once, and drops problems after that', () => {
    const subject = new ProblemSubject();
    const events: string[] = [];
    subject.subscribe({ next: (p) => events.push(p.message), complete: () => events.push('complete 1') });
    subject.complete();
    subject.next(new DeviceError('late'));
    subject.subscribe({ complete: () => events.push('complete 2') });
    expect(events).toEqual(['complete 1', 'complete 2']);
    expect(subject.observed).toBe(false);
  });

  it('is an interop observable for RxJS at run time: from() and merge() with an RxJS Observable', async () => {
    const subject = new ProblemSubject();
    const other = new Subject<ExpmonError>();
    // TypeScript does not see the '@@observable' key (see the next test for the typed way).
    const interop = subject as unknown as ObservableInput<ExpmonError>;
    const all = firstValueFrom(merge(from(interop), other).pipe(take(3), toArray()));
    subject.next(new DeviceError('a'));
    other.next(new DeviceError('b'));
    subject.next(new InvalidReadingError('c'));
    expect((await all).map((p) => p.message)).toEqual(['a', 'b', 'c']);
    // take(3) unsubscribed from the subject through the teardown it returned
    expect(subject.observed).toBe(false);
  });

  it('becomes a typed RxJS Observable with new Observable(subscriber => stream.subscribe(subscriber))', async () => {
    const subject = new ProblemSubject();
    const stream: ProblemStream = subject;
    const observable = new Observable<ExpmonError>((subscriber) => stream.subscribe(subscriber));
    const first = firstValueFrom(observable);
    expect(subject.observed).toBe(true);
    subject.next(new DeviceError('typed'));
    expect((await first).message).toBe('typed');
    expect(subject.observed).toBe(false);
  });

  it('types an RxJS Observable and a ProblemSubject alike as a ProblemStream', () => {
    const streams: ProblemStream[] = [new ProblemSubject(), new Subject<ExpmonError>()];
    const subs = streams.map((s) => s.subscribe(() => {}));
    for (const s of subs) s.unsubscribe();
    expect(subs).toHaveLength(2);
  });
});
