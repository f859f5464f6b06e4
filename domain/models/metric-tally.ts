import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * The folded part of crm-sync's counters (domain/metrics/metric-totals.ts): every run start, run
 * finish and raised alert up to `upTo`, summed. A scrape adds only what happened after `upTo`, so
 * its cost follows the recent runs, not the whole history, and retention can delete old runs
 * without a counter going down. One document; it moves only by compare-and-set on `upTo`.
 */
export interface MetricTallyDoc {
  _id: string;
  upTo: Date;
  /**
   * One entry per series: keys hold label values (connection ids, object names) that may not be
   * field names, and FerretDB stores no nested arrays, hence objects rather than pairs.
   */
  series: { key: string; value: number }[];
}

const metricTallySchema = new Schema<MetricTallyDoc>(
  {
    _id: { type: String, required: true },
    upTo: { type: Date, required: true },
    series: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'metric_tallies', versionKey: false, minimize: false },
);

export type MetricTallyModel = Model<MetricTallyDoc>;

export function defineMetricTallyModel(db: MongooseConnection): MetricTallyModel {
  return db.model<MetricTallyDoc>('MetricTally', metricTallySchema);
}
