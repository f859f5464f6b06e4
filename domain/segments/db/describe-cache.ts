/**
 * CRM describes for segments, cached per connection in `crm_describes`: the builder, every preview
 * and every refresh need the field catalog, and each describe is a CRM API call. A cached describe
 * is used for a day; when the CRM cannot be reached an older one is still better than no segments.
 */
import type { ConnectorFactory } from '../../crm/connector-factory';
import type { CrmConnector } from '../../crm/connector';
import type { Models } from '../../models';
import { crmDescribeKey } from '../../models/crm-describe';
import type { CatalogCrmField, CatalogCrmObject } from '../catalog';

export const DESCRIBE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The shape of a cached field list. Raised when the cache starts keeping something it did not (2:
 * picklist labels), so an entry written before is described again instead of hiding it for a day.
 */
export const DESCRIBE_FORMAT = 2;

export type DescribeDeps = { models: Pick<Models, 'CrmDescribe'>; connectors: ConnectorFactory };

export async function describeForSegments(
  deps: DescribeDeps,
  connectionId: string,
  /** The CRM object each catalog object reads (the connection's segment schema). */
  objects: Readonly<Record<CatalogCrmObject, string>>,
  now = new Date(),
): Promise<Partial<Record<CatalogCrmObject, CatalogCrmField[]>>> {
  const words = Object.keys(objects) as CatalogCrmObject[];
  const cached = await deps.models.CrmDescribe.find({ _id: { $in: words.map((w) => crmDescribeKey(connectionId, objects[w])) } }).lean();
  const byObject = new Map(cached.map((d) => [d.object, d]));
  const result: Partial<Record<CatalogCrmObject, CatalogCrmField[]>> = {};
  let connector: CrmConnector | undefined;
  for (const word of words) {
    const object = objects[word];
    const entry = byObject.get(object);
    if (entry && entry.format === DESCRIBE_FORMAT && now.getTime() - entry.describedAt.getTime() < DESCRIBE_MAX_AGE_MS) {
      result[word] = entry.fields;
      continue;
    }
    try {
      connector ??= await deps.connectors.forConnection(connectionId);
      const described = await connector.describeObject(object);
      const fields: CatalogCrmField[] = described.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        compound: f.compound,
        ...(f.picklistValues ? { picklistValues: f.picklistValues } : {}),
        ...(f.picklistLabels ? { picklistLabels: f.picklistLabels } : {}),
      }));
      await deps.models.CrmDescribe.updateOne(
        { _id: crmDescribeKey(connectionId, object) },
        { $set: { connectionId, object, fields, format: DESCRIBE_FORMAT, describedAt: now } },
        { upsert: true },
      );
      result[word] = fields;
    } catch (err) {
      if (!entry) throw err;
      result[word] = entry.fields;
    }
  }
  return result;
}
