import type { Compilable, CompiledQuery, QueryResult } from 'kysely';

/**
 * A unit of work that must be atomic (a check and a write, or two writes), written once for both dialects
 * as a generator that yields compiled queries and receives their results. SQLite runs it synchronously in
 * one `BEGIN IMMEDIATE` transaction (so a write lock is never held across an `await`: better-sqlite3 is
 * synchronous, and another connection's busy wait would otherwise block the holder's event loop); PostgreSQL
 * runs it in a transaction on one pooled connection.
 */
export type Work<T> = Generator<CompiledQuery, T, QueryResult<unknown>>;

/**
 * Runs one query inside a {@link Work}: `const { rows } = yield* query(db.selectFrom(…))`, or a
 * query compiled already (`yield* query(template.bind(values))`, see `precompiled.ts`).
 */
export function* query<R>(
  compilable: Compilable<R> | CompiledQuery<R>,
): Generator<CompiledQuery, QueryResult<R>, QueryResult<unknown>> {
  const compiled = 'compile' in compilable ? compilable.compile() : compilable;
  return (yield compiled) as QueryResult<R>;
}

/** Runs a {@link Work} to completion with a synchronous executor (SQLite). */
export function driveSync<T>(
  work: Work<T>,
  execute: (query: CompiledQuery) => QueryResult<unknown>,
): T {
  let step = work.next();
  while (step.done !== true) step = work.next(execute(step.value));
  return step.value;
}

/** Runs a {@link Work} to completion with an asynchronous executor (PostgreSQL). */
export async function driveAsync<T>(
  work: Work<T>,
  execute: (query: CompiledQuery) => Promise<QueryResult<unknown>>,
): Promise<T> {
  let step = work.next();
  while (step.done !== true) step = work.next(await execute(step.value));
  return step.value;
}
