/// <reference lib="dom" />
/**
 * Building the page's elements: a tag, its attributes, its children. Text is always set as text,
 * never parsed as HTML, so a scenario's story cannot inject markup.
 */

export type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | boolean | undefined>> = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** The element with this id; the page's shell (page-html.ts) has them all. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as T;
}

/** Replaces the element's children. */
export function fill(parent: HTMLElement, ...children: readonly Child[]): void {
  parent.replaceChildren();
  for (const child of children) if (child !== undefined && child !== false) parent.append(child);
}
