import type { Compilable, CompiledQuery } from 'kysely';

/** A query compiled once, run with new values: `template.bind({ id })` is a ready `CompiledQuery`. */
export interface Precompiled<P extends object, R> {
  readonly sql: string;
  bind(values: P): CompiledQuery<R>;
}

/**
 * Names a value while the query is built (a unique stand-in, so none can be mistaken for another);
 * annotate the build function's parameter with it to declare the values: `(param: Param<{ id: string }>)`.
 */
export type Param<P> = <K extends keyof P & string>(name: K) => P[K];

let templates = 0;

/**
 * Builds a query with Kysely once and keeps its SQL: each named value (`param('id')`) becomes a bound
 * parameter whose position is remembered, and `bind` only fills the positions in. The operation tree
 * is never rebuilt nor compiled again on the hot path, and the SQL text stays the same, so SQLite's
 * statement cache hits every time. Values Kysely renders inline (`is null`) stay as built.
 *
 * @example
 * ```ts
 * const byId = precompile((param: Param<{ id: string }>) =>
 *   db.selectFrom('grants').selectAll().where('id', '=', param('id')),
 * );
 * const { rows } = await database.run(byId.bind({ id }));
 * ```
 */
export function precompile<P extends object, R>(
  build: (param: Param<P>) => Compilable<R>,
): Precompiled<P, R> {
  const tag = `\u0000gatehouse-param-${++templates}:`;
  const compiled = build(((name: string) => `${tag}${name}`) as Param<P>).compile();
  const slots: [index: number, name: string][] = [];
  compiled.parameters.forEach((value, index) => {
    if (typeof value === 'string' && value.startsWith(tag)) {
      slots.push([index, value.slice(tag.length)]);
    }
  });
  const fixed = [...compiled.parameters];
  const { sql, query, queryId } = compiled;
  return Object.freeze({
    sql,
    bind(values: P): CompiledQuery<R> {
      const parameters = fixed.slice();
      for (const [index, name] of slots) {
        const value = values[name as keyof P];
        if (value === undefined) throw new TypeError(`precompiled query: no value for ${name}`);
        parameters[index] = value;
      }
      return { sql, query, queryId, parameters };
    },
  });
}
