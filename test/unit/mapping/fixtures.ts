import type { ConnectionMapping, CrmDescribe, CrmFieldInfo, FieldMappingEntry } from '../../../domain/mapping/mapping';

/** The smallest mapping that may be saved: email on both objects and one Score. */
export function validMapping(extra: FieldMappingEntry[] = [], pushDefault: 'allow' | 'deny' = 'allow'): ConnectionMapping {
  return {
    entries: [
      { crmObject: 'Lead', crmField: 'Email', target: { kind: 'standard', field: 'email' } },
      { crmObject: 'Contact', crmField: 'Email', target: { kind: 'standard', field: 'email' } },
      { crmObject: 'Lead', crmField: 'Behavior_Score__c', target: { kind: 'custom', name: 'behaviorScore', type: 'Score' } },
      ...extra,
    ],
    pushPolicy: { default: pushDefault },
  };
}

export function field(name: string, type: string): CrmFieldInfo {
  return { name, label: name, type, updateable: true, calculated: false };
}

export function describeOf(fields: CrmFieldInfo[]): CrmDescribe {
  const common = [field('Id', 'id'), field('Email', 'email'), field('Behavior_Score__c', 'double')];
  return { Lead: [...common, ...fields], Contact: [...common, ...fields] };
}
