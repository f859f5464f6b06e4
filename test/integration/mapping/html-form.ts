/**
 * Reads a server-rendered form the way a browser without JavaScript submits it: hidden and text
 * inputs, checked boxes and radios, each select's selected option (or its first). Good enough for
 * the app's own escaped markup; not a general HTML parser.
 */
const decode = (text: string) =>
  text.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs[match[1] as string] = decode(match[2] ?? '');
  return attrs;
}

/** The fields the form posting to `action` would send, in page order. */
export function formFields(html: string, action: string): Map<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields = new Map<string, string>();
  for (const match of form.matchAll(/<input\b([^>]*)>|<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    if (match[1] !== undefined) {
      const attrs = attributes(match[1]);
      if (!attrs.name || ((attrs.type === 'checkbox' || attrs.type === 'radio') && !('checked' in attrs))) continue;
      fields.set(attrs.name, attrs.value ?? '');
    } else {
      const name = attributes(match[2] ?? '').name;
      const options = [...(match[3] ?? '').matchAll(/<option\b([^>]*)>/g)].map((o) => attributes(o[1] ?? ''));
      const chosen = options.find((o) => 'selected' in o) ?? options[0];
      if (name) fields.set(name, chosen?.value ?? '');
    }
  }
  return fields;
}

/** The index of the first row whose fields match, e.g. `{ crmObject: 'Contact', crmField: '' }` for a blank Contact row. */
export function rowIndex(fields: Map<string, string>, match: Record<string, string>): number {
  for (let i = 0; fields.has(`rows[${i}][crmObject]`); i++) {
    if (Object.entries(match).every(([part, value]) => fields.get(`rows[${i}][${part}]`) === value)) return i;
  }
  throw new Error(`no row matches ${JSON.stringify(match)}`);
}

export function setRow(fields: Map<string, string>, index: number, values: Record<string, string | undefined>): void {
  for (const [part, value] of Object.entries(values)) {
    if (value === undefined) fields.delete(`rows[${index}][${part}]`);
    else fields.set(`rows[${index}][${part}]`, value);
  }
}

export const encodeForm = (fields: Map<string, string>) => new URLSearchParams([...fields]).toString();

/** The HTML of the table row with this id (`row-3`). */
export function rowHtml(html: string, index: number): string {
  const start = html.indexOf(`<tr id="row-${index}"`);
  if (start < 0) throw new Error(`no row ${index} on the page`);
  return html.slice(start, html.indexOf('</tr>', start));
}
