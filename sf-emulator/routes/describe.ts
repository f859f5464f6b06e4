import { Router, type Request, type Response } from 'express';
import { notFound } from '../errors';
import { OBJECTS, findObject, type FieldDef, type ObjectDef } from '../schema';
import { apiVersionOf } from './middleware';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID', reference: 'tns:ID', boolean: 'xsd:boolean', date: 'xsd:date', datetime: 'xsd:dateTime', double: 'xsd:double',
  currency: 'xsd:double', percent: 'xsd:double', int: 'xsd:int',
};

function objectUrls(version: string, name: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function describeField(field: FieldDef): Record<string, unknown> {
  const isText = !SOAP_TYPES[field.type];
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    soapType: SOAP_TYPES[field.type] ?? 'xsd:string',
    length: isText ? field.length : 0,
    byteLength: isText ? field.length * 3 : 0,
    precision: field.precision,
    scale: field.scale,
    digits: field.type === 'int' ? 9 : 0,
    nillable: field.nillable,
    createable: field.createable,
    updateable: field.updateable,
    calculated: field.calculated,
    calculatedFormula: field.calculatedFormula,
    custom: field.custom,
    defaultedOnCreate: field.defaultedOnCreate,
    defaultValue: field.type === 'boolean' && field.createable ? false : null,
    externalId: false,
    filterable: field.type !== 'textarea',
    groupable: !['textarea', 'double', 'currency', 'percent', 'multipicklist', 'datetime'].includes(field.type),
    sortable: !['textarea', 'multipicklist'].includes(field.type),
    idLookup: field.name === 'Id' || field.name === 'Email' || field.name === 'Username',
    nameField: field.name === 'Name',
    unique: field.name === 'Username',
    caseSensitive: false,
    restrictedPicklist: false,
    dependentPicklist: false,
    htmlFormatted: false,
    cascadeDelete: field.cascadeDelete,
    referenceTo: field.referenceTo,
    relationshipName: field.relationshipName,
    polymorphicForeignKey: field.referenceTo.length > 1,
    picklistValues: field.picklistValues.map((p) => ({ ...p, validFor: null })),
    inlineHelpText: null,
  };
}

function objectSummary(object: ObjectDef, version: string): Record<string, unknown> {
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.labelPlural,
    keyPrefix: object.keyPrefix,
    custom: false,
    customSetting: false,
    createable: true,
    updateable: true,
    deletable: true,
    undeletable: object.recycleBin !== false,
    queryable: true,
    retrieveable: true,
    replicateable: true,
    searchable: object.name !== 'OpportunityContactRole' && object.name !== 'CampaignMember',
    layoutable: true,
    triggerable: true,
    urls: objectUrls(version, object.name),
  };
}

function childRelationships(object: ObjectDef): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const child of OBJECTS) {
    for (const field of child.fields) {
      if (!field.referenceTo.includes(object.name) || ['CreatedById', 'LastModifiedById'].includes(field.name)) continue;
      out.push({ childSObject: child.name, field: field.name, cascadeDelete: field.cascadeDelete, relationshipName: null });
    }
  }
  return out;
}

export function describeRouter(): Router {
  const router = Router({ mergeParams: true });
  router.get('/sobjects', (_req: Request, res: Response) => {
    const version = apiVersionOf(res);
    res.json({ encoding: 'UTF-8', maxBatchSize: 200, sobjects: OBJECTS.map((o) => objectSummary(o, version)) });
  });
  router.get('/sobjects/:type/describe', (req: Request, res: Response) => {
    const object = findObject(String(req.params.type));
    if (!object) throw notFound();
    res.json({
      ...objectSummary(object, apiVersionOf(res)),
      fields: object.fields.map(describeField),
      childRelationships: childRelationships(object),
      recordTypeInfos: [],
      supportedScopes: [{ label: 'All', name: 'everything' }, { label: 'Mine', name: 'mine' }],
    });
  });
  return router;
}
