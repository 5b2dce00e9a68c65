/** Escapes text for element content and double-quoted attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** `<name>text</name>`, or `<name i:nil="true"/>` for null (the `i` prefix must be in scope). */
export function leaf(name: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return `<${name} i:nil="true"/>`;
  return `<${name}>${esc(String(value))}</${name}>`;
}

/** `<name attrs>inner</name>`. */
export function node(name: string, inner: string, attrs = ""): string {
  return `<${name}${attrs ? " " + attrs : ""}>${inner}</${name}>`;
}
