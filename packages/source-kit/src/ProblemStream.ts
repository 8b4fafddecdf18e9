import type { ExpmonError } from './errors/ExpmonError.js';

/**
 * What a {@link ProblemStream} calls: each problem, and the end when the source is closed.
 * An RxJS `Subscriber` is one.
 */
export interface ProblemObserver<T> {
  next?: (value: T) => void;
  error?: (err: unknown) => void;
  complete?: () => void;
}

/**
 * The type of a source's `problems`: anything that can be subscribed to. An RxJS
 * `Observable` is one, and so is a {@link ProblemSubject}, which needs no RxJS. So a driver
 * that has no stream of its own (a polled one) can be used without RxJS installed.
 *
 * @example
 * const sub = source.problems?.subscribe((p) => console.warn(p.message));
 * // later
 * sub?.unsubscribe();
 */
export interface ProblemStream<T = ExpmonError> {
  subscribe(observerOrNext: ((value: T) => void) | ProblemObserver<T>): { unsubscribe(): void };
}
