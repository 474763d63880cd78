/** A tiny element builder: the page is plain DOM (no framework) to keep its script small. */
type Child = Node | string | null | undefined | false;

export interface ElementProps {
  [attribute: string]: string | boolean | undefined | ((event: Event) => void);
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    // Text always goes in as text: nothing a server or visitor sent is parsed as HTML.
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}
