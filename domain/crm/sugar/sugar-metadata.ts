import type { CrmObjectDescribe } from '../connector';
import { LINK_OBJECT_DESCRIBES, toObjectDescribe, type SugarLanguage, type SugarVardef } from './sugar-describe';
import { SUGAR_MODEL } from './sugar-model';
import { assertModuleName, type SugarReader } from './sugar-reader';

/**
 * Vardefs and language strings per instance, for the worker process: a connector lives one
 * activity, and every push needs to know which fields are multienums. Kept for a while only, so a
 * field an admin adds in Studio is seen within minutes.
 */
const TTL_MS = 10 * 60_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  cache.set(key, { at: Date.now(), value });
  return value;
}

/** Field definitions (`GET /metadata?type_filter=modules&module_filter=…`) and labels (`GET /lang/en_us`). */
export class SugarMetadata {
  constructor(
    private readonly instanceUrl: string,
    private readonly reader: SugarReader,
  ) {}

  vardefs(module: string): Promise<Record<string, SugarVardef>> {
    return cached(`${this.instanceUrl}|vardefs|${module}`, async () => {
      const answer = await this.reader.get<{ modules?: Record<string, { fields?: Record<string, SugarVardef> }> }>(
        `metadata?type_filter=modules&module_filter=${encodeURIComponent(assertModuleName(module))}`,
      );
      const fields = answer.modules?.[module]?.fields;
      if (!fields) throw new Error(`SugarCRM has no module ${module} (or this user cannot see it)`);
      return fields;
    });
  }

  language(): Promise<SugarLanguage> {
    return cached(`${this.instanceUrl}|lang`, () => this.reader.get<SugarLanguage>('lang/en_us'));
  }

  async describe(object: string): Promise<CrmObjectDescribe> {
    const linkObject = LINK_OBJECT_DESCRIBES[object];
    if (linkObject) return linkObject;
    const [vardefs, language] = await Promise.all([this.vardefs(object), this.language()]);
    const label = SUGAR_MODEL.objects.find((o) => o.object === object)?.pluralLabel ?? object;
    return toObjectDescribe(object, vardefs, language, { label });
  }

  /** The decimal, float and currency fields of a module: the API sends their values as text. */
  async numericFields(module: string): Promise<ReadonlySet<string>> {
    const vardefs = await this.vardefs(module);
    return new Set(Object.values(vardefs).filter((d) => d.type === 'decimal' || d.type === 'float' || d.type === 'currency').map((d) => d.name));
  }

  /** The multienum fields of a module: the API takes their values as arrays of keys. */
  async multienumFields(module: string): Promise<ReadonlySet<string>> {
    const vardefs = await this.vardefs(module);
    return new Set(Object.values(vardefs).filter((d) => d.type === 'multienum' || (d.type === 'enum' && d.isMultiSelect)).map((d) => d.name));
  }
}
