import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';
import type { CatalogCrmField } from '../segments/catalog';

/**
 * A CRM object's describe, cached per connection: every segment page and preview needs the field
 * catalog, and a describe costs a CRM API call each time.
 */
export interface CrmDescribeDoc {
  /** "<connectionId>:<object>". */
  _id: string;
  connectionId: string;
  object: string;
  fields: CatalogCrmField[];
  /** DESCRIBE_FORMAT when written (domain/segments/db/describe-cache.ts); absent on entries older than it. */
  format?: number;
  describedAt: Date;
}

const crmDescribeSchema = new Schema<CrmDescribeDoc>(
  {
    _id: { type: String, required: true },
    connectionId: { type: String, required: true },
    object: { type: String, required: true },
    fields: { type: Schema.Types.Mixed, required: true },
    format: { type: Number },
    describedAt: { type: Date, required: true },
  },
  { collection: 'crm_describes', versionKey: false, minimize: false },
);
crmDescribeSchema.index({ connectionId: 1 });

export function crmDescribeKey(connectionId: string, object: string): string {
  return `${connectionId}:${object}`;
}

export type CrmDescribeModel = Model<CrmDescribeDoc>;

export function defineCrmDescribeModel(db: MongooseConnection): CrmDescribeModel {
  return db.model<CrmDescribeDoc>('CrmDescribe', crmDescribeSchema);
}
