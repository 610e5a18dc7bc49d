/**
 * What pg-mem's index sees of its red-black tree when the tree's nodes hold a key's single row
 * and a one-value key bare (one-row-index-keys.ts): the same tree, with each node's key shown as
 * the one-element array pg-mem built and each bare row shown as the `OneRow` of that row.
 *
 * functional-red-black-tree (1.0.1, pg-mem's only user of it) defines its getters as
 * non-configurable, so they cannot be changed in place; pg-mem's index reaches its tree only
 * through `bin(t)`, which hands out this view instead. What the view hands back from a change
 * (`insert`, `update`, `remove`) is the tree itself, as pg-mem then stores it (`setBin`). The
 * tree's `forEach` is left out: pg-mem's index never calls it.
 */

/** A node's key and value as functional-red-black-tree keeps them, and its iterator. */
export interface RawIterator {
  readonly valid: boolean;
  readonly key: unknown;
  readonly value: unknown;
  readonly index: number;
  readonly node: unknown;
  readonly tree: RawTree;
  readonly hasNext: boolean;
  readonly hasPrev: boolean;
  next(): void;
  prev(): void;
  update(value: unknown): RawTree;
  remove(): RawTree;
  clone(): RawIterator;
}

export interface RawTree {
  readonly length: number;
  readonly root: unknown;
  readonly begin: RawIterator;
  readonly end: RawIterator;
  readonly keys: unknown[];
  readonly values: unknown[];
  insert(key: unknown, value: unknown): RawTree;
  remove(key: unknown): RawTree;
  get(key: unknown): unknown;
  find(key: unknown): RawIterator;
  ge(key: unknown): RawIterator;
  gt(key: unknown): RawIterator;
  lt(key: unknown): RawIterator;
  le(key: unknown): RawIterator;
  at(index: number): RawIterator;
}

/** How a node's key and rows are stored and shown: given by one-row-index-keys.ts. */
export interface NodeForm {
  storedKey(key: unknown): unknown;
  shownKey(stored: unknown): unknown;
  storedRows(rows: unknown): unknown;
  shownRows(stored: unknown): unknown;
}

export class TreeView {
  constructor(
    readonly raw: RawTree,
    private readonly form: NodeForm,
  ) {}

  get length(): number {
    return this.raw.length;
  }

  get root(): unknown {
    return this.raw.root;
  }

  get begin(): IteratorView {
    return this.view(this.raw.begin);
  }

  get end(): IteratorView {
    return this.view(this.raw.end);
  }

  get keys(): unknown[] {
    return this.raw.keys.map((key) => this.form.shownKey(key));
  }

  get values(): unknown[] {
    return this.raw.values.map((rows) => this.form.shownRows(rows));
  }

  insert(key: unknown, value: unknown): RawTree {
    return this.raw.insert(this.form.storedKey(key), this.form.storedRows(value));
  }

  remove(key: unknown): RawTree {
    return this.raw.remove(key);
  }

  get(key: unknown): unknown {
    return this.form.shownRows(this.raw.get(key));
  }

  find(key: unknown): IteratorView {
    return this.view(this.raw.find(key));
  }

  ge(key: unknown): IteratorView {
    return this.view(this.raw.ge(key));
  }

  gt(key: unknown): IteratorView {
    return this.view(this.raw.gt(key));
  }

  lt(key: unknown): IteratorView {
    return this.view(this.raw.lt(key));
  }

  le(key: unknown): IteratorView {
    return this.view(this.raw.le(key));
  }

  at(index: number): IteratorView {
    return this.view(this.raw.at(index));
  }

  private view(iterator: RawIterator): IteratorView {
    return new IteratorView(iterator, this.form);
  }
}

export class IteratorView {
  constructor(
    private readonly raw: RawIterator,
    private readonly form: NodeForm,
  ) {}

  get valid(): boolean {
    return this.raw.valid;
  }

  get key(): unknown {
    return this.raw.valid ? this.form.shownKey(this.raw.key) : undefined;
  }

  get value(): unknown {
    return this.raw.valid ? this.form.shownRows(this.raw.value) : undefined;
  }

  get index(): number {
    return this.raw.index;
  }

  get node(): unknown {
    return this.raw.node;
  }

  get tree(): TreeView {
    return new TreeView(this.raw.tree, this.form);
  }

  get hasNext(): boolean {
    return this.raw.hasNext;
  }

  get hasPrev(): boolean {
    return this.raw.hasPrev;
  }

  next(): void {
    this.raw.next();
  }

  prev(): void {
    this.raw.prev();
  }

  update(value: unknown): RawTree {
    return this.raw.update(this.form.storedRows(value));
  }

  remove(): RawTree {
    return this.raw.remove();
  }

  clone(): IteratorView {
    return new IteratorView(this.raw.clone(), this.form);
  }
}
