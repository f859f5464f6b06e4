/** A field of the segment builder's catalog (api/presenters/segment-builder-catalog.ts), as tests read it. */
export type BuilderField = { name: string; label: string; kind: string; picklistValues?: string[]; picklistLabels?: Record<string, string> };

/** The segment builder's catalog, as the builder page hands it to its script (an escaped data attribute). */
export function builderCatalogOf(html: string): { objects: Record<string, BuilderField[]> } {
  const match = /data-catalog="([^"]*)"/.exec(html);
  if (!match) throw new Error('the segment builder page carries no catalog');
  const entities: Record<string, string> = { '&#34;': '"', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };
  return JSON.parse(match[1].replace(/&#34;|&quot;|&#39;|&lt;|&gt;|&amp;/g, (e) => entities[e]));
}
