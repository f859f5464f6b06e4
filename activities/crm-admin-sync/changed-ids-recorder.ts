import { peopleNamedBy, type ViewSources } from '../../domain/contacts/person-links';
import { changedRecordKey } from '../../domain/models/changed-record';
import type { Models } from '../../domain/models';
import type { ChangeWatch } from './store-records';

/**
 * For an incremental pull of a view source: records each inserted or updated record, and the people
 * its new and replaced versions name, before the page is written (models/changed-record.ts). Full
 * pulls record nothing: they make the contact-view rebuild full anyway.
 */
export function changeWatchFor(models: Models, sources: ViewSources, input: { runId: string; connectionId: string; object: string }): ChangeWatch | undefined {
  // The fields naming a person are also read from the stored version an update replaces.
  const personFields = sources.get(input.object);
  if (!personFields) return undefined;
  const previousFields = [...personFields];
  const { runId, connectionId, object } = input;
  return {
    previousFields,
    async beforeWrite(changes) {
      const docs = changes.map((c) => ({
        _id: changedRecordKey(runId, object, c.crmId, c.fieldsHash),
        runId,
        connectionId,
        object,
        crmId: c.crmId,
        people: [...new Set([...peopleNamedBy(personFields, c.crmId, c.fields), ...(c.previous ? peopleNamedBy(personFields, c.crmId, c.previous) : [])])],
      }));
      try {
        await models.ChangedRecord.insertMany(docs, { ordered: false });
      } catch (err) {
        // A retried page records the same versions again under the same keys: already there is fine.
        const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
        if (!(Array.isArray(writeErrors) && writeErrors.every((e) => (e.code ?? e.err?.code) === 11000))) throw err;
      }
    },
  };
}
