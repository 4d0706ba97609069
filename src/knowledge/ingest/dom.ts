/**
 * The small part of the DOM the HTML extractor uses, typed structurally (the project compiles
 * without the DOM lib), plus a lazily loaded parser. linkedom is loaded on first use so the bot
 * pays its start-up cost (~130 ms, a few MB) only when a moderator actually imports a page.
 */

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  textContent: string | null;
  readonly parentNode: DomNode | null;
  readonly childNodes: ArrayLike<DomNode>;
  remove(): void;
}

export interface DomText extends DomNode {
  data: string;
}

export interface DomElement extends DomNode {
  readonly localName: string;
  readonly parentElement: DomElement | null;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  cloneNode(deep?: boolean): DomElement;
  contains(other: DomNode | null): boolean;
}

export interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  readonly title: string;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export function isElement(node: DomNode | null | undefined): node is DomElement {
  return node?.nodeType === ELEMENT_NODE;
}

export function isText(node: DomNode | null | undefined): node is DomText {
  return node?.nodeType === TEXT_NODE;
}

export async function parseHtmlDocument(html: string): Promise<DomDocument> {
  const { parseHTML } = await import('linkedom');
  // linkedom only builds a proper <html>/<head>/<body> tree when the markup has a root element.
  const markup = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const window = parseHTML(markup) as unknown as { document: DomDocument };
  return window.document;
}

export function all(root: DomElement | DomDocument, selectors: string): DomElement[] {
  return Array.from(root.querySelectorAll(selectors));
}

export function text(node: DomNode | null | undefined): string {
  return node?.textContent ?? '';
}

/** True when the node is still attached to the document (not inside a removed subtree). */
export function isAttached(node: DomNode, root: DomNode): boolean {
  let current: DomNode | null = node;
  while (current) {
    if (current === root) return true;
    current = current.parentNode;
  }
  return false;
}
