// WHATWG URL exists in every runtime shared code runs in (browsers, Node, Electron), but it is
// not ECMAScript, and shared compiles with no DOM or Node types. Declare only what shared uses.
declare class URLSearchParams {
  get(name: string): string | null;
  set(name: string, value: string): void;
}
declare class URL {
  constructor(url: string, base?: string);
  readonly origin: string;
  readonly protocol: string;
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
  toString(): string;
}
