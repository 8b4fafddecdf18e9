import type { ExpmonError } from './errors/ExpmonError.js';
import type { ProblemObserver, ProblemStream } from './ProblemStream.js';

// The key RxJS looks for on an interop observable: Symbol.observable where a polyfill
// defines it, '@@observable' otherwise. Both are set, so `from(subject)` works either way.
const symbolObservable = (Symbol as { observable?: symbol }).observable;

/**
 * A source's `problems` without RxJS: the driver calls `next(problem)`, and every current
 * subscriber is told at once (nothing is replayed to later ones). A subscriber that throws
 * does not stop the others nor the driver's read: it is reported as a process warning.
 * RxJS takes it as an interop observable at run time (`from(subject)`, `merge(a, b)`); typed:
 * `new Observable<ExpmonError>((s) => subject.subscribe(s))`.
 *
 * @example
 * class Gauge implements PolledSource {
 *   private readonly problemSubject = new ProblemSubject();
 *   readonly problems: ProblemStream = this.problemSubject;
 *   async read() {
 *     // a value the device sent that is not a number: report it, store nothing
 *     this.problemSubject.next(new InvalidReadingError('not a number: "ERR"', { sensor: this.name }));
 *     return [];
 *   }
 * }
 */
export class ProblemSubject<T = ExpmonError> implements ProblemStream<T> {
  readonly #observers = new Set<ProblemObserver<T>>();
  #completed = false;

  /** Whether anything is subscribed. */
  get observed(): boolean {
    return this.#observers.size > 0;
  }

  /** Tells every current subscriber; does nothing after {@link complete}. */
  next(problem: T): void {
    if (this.#completed || this.#observers.size === 0) return;
    for (const observer of Array.from(this.#observers)) {
      // One that unsubscribed while an earlier one was told is skipped.
      if (this.#observers.has(observer)) deliver(() => observer.next?.(problem));
    }
  }

  /** Ends the stream (the source is closed): subscribers get `complete`, later ones at once. */
  complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    const observers = Array.from(this.#observers);
    this.#observers.clear();
    for (const observer of observers) deliver(() => observer.complete?.());
  }

  subscribe(observerOrNext: ((value: T) => void) | ProblemObserver<T>): { unsubscribe(): void } {
    const observer: ProblemObserver<T> = typeof observerOrNext === 'function' ? { next: observerOrNext } : observerOrNext;
    if (this.#completed) {
      deliver(() => observer.complete?.());
      return { unsubscribe: () => {} };
    }
    this.#observers.add(observer);
    return { unsubscribe: () => void this.#observers.delete(observer) };
  }

  /** RxJS interop (`from`, `merge`, …). */
  ['@@observable'](): ProblemStream<T> {
    return this;
  }
}

if (symbolObservable) {
  Object.defineProperty(ProblemSubject.prototype, symbolObservable, {
    value: ProblemSubject.prototype['@@observable'],
    configurable: true,
    writable: true,
  });
}

function deliver(call: () => void): void {
  try {
    call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.emitWarning(`a subscriber of a source's problems threw (the others were still told): ${message}`, {
      code: 'EXPMON_PROBLEM_SUBSCRIBER',
    });
  }
}
