import { objectModel, syncedObjectNames, type CrmModel } from './crm-model';
import { availableCrms, crmModel } from './crm-registry';

/**
 * The CRM objects a connection's CRM Administration sync copies, in the order it syncs them: parents
 * before children, so a contact's account, owner and campaigns are already stored when the contact
 * arrives. Read from the connection's CRM model: the core names no CRM's objects itself.
 */
export function syncedObjectsOf(connection: { crm?: string | null }): string[] {
  return syncedObjectNames(crmModel(connection.crm));
}

/** Whether the model's sync copies an object; activities refuse any other name. */
export function isSyncedObject(model: CrmModel, name: string): boolean {
  return objectModel(model, name) !== undefined;
}

/**
 * The place of an object in its CRM's sync order, for listing a run's or a connection's objects in
 * the order they sync without loading the connection. Object names of different CRMs differ (case
 * included), so one ranking over every CRM serves all of them.
 */
export function syncOrderRank(): (object: string) => number {
  const order = availableCrms().flatMap(syncedObjectNames);
  return (object) => {
    const index = order.indexOf(object);
    return index < 0 ? order.length : index;
  };
}
