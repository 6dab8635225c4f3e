interface Node<V> {
  next: Map<string, Node<V>> | undefined;
  value: V | undefined;
  byClaims: Map<string, V> | undefined;
}

const node = <V>(): Node<V> => ({ next: undefined, value: undefined, byClaims: undefined });

/**
 * A memo keyed by a list of strings in its order (and an optional claims key), stored as a trie of
 * maps: a lookup is one map lookup per string, with no key string to build, so a fresh array of the
 * same scopes (every uncached token) hits cheaply. Each path is exact, so two different lists never
 * share an entry. Bounded: past `max` entries (or `max * 32` nodes) it starts over empty.
 */
export class OrderedMemo<V> {
  readonly #max: number;
  #root: Node<V> = node();
  #entries = 0;
  #nodes = 0;

  constructor(max: number) {
    this.#max = max;
  }

  /** The value for `list` and `claimKey`, or undefined (also for a list holding a non-string). */
  get(list: readonly unknown[], claimKey: string | undefined): V | undefined {
    let current: Node<V> | undefined = this.#root;
    for (let index = 0; index < list.length && current !== undefined; index++) {
      const item = list[index];
      if (typeof item !== 'string') return undefined;
      current = current.next?.get(item);
    }
    if (current === undefined) return undefined;
    return claimKey === undefined ? current.value : current.byClaims?.get(claimKey);
  }

  /** Remembers `value` for `list` and `claimKey`; a list holding a non-string is not remembered. */
  set(list: readonly unknown[], claimKey: string | undefined, value: V): void {
    if (this.#max === 0 || !list.every((item) => typeof item === 'string')) return;
    if (this.#entries >= this.#max || this.#nodes + list.length > this.#max * 32) {
      this.#root = node();
      this.#entries = 0;
      this.#nodes = 0;
    }
    let current = this.#root;
    for (const item of list as readonly string[]) {
      current.next ??= new Map();
      let child = current.next.get(item);
      if (child === undefined) {
        child = node();
        current.next.set(item, child);
        this.#nodes++;
      }
      current = child;
    }
    if (claimKey === undefined) {
      if (current.value === undefined) this.#entries++;
      current.value = value;
    } else {
      current.byClaims ??= new Map();
      if (!current.byClaims.has(claimKey)) this.#entries++;
      current.byClaims.set(claimKey, value);
    }
  }
}
