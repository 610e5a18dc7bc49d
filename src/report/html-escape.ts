/**
 * Text and attribute values made safe for HTML and inline SVG: every string that came from a
 * scenario file, a strategy's name or its output passes through here before it meets markup.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five characters that could end a text node or an attribute (quoted either way). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** A fragment identifier (`id`, `href="#..."`) from any text: letters, digits and dashes only. */
export function anchorId(...parts: readonly string[]): string {
  return parts
    .join('--')
    .replace(/[^A-Za-z0-9-]+/g, '_')
    .replace(/^([^A-Za-z])/, 'x$1');
}
