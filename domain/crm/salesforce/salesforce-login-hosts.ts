/**
 * The hosts Salesforce documents for signing in: production and sandbox login, and My Domain
 * (`acme.my.salesforce.com`, and below it `acme--uat.sandbox.my.salesforce.com`,
 * `acme-dev-ed.develop.my.salesforce.com`, scratch orgs and playgrounds). `*.force.com` covers the
 * older instance and Visualforce domains some orgs still sign in through. Anything else (a proxy,
 * Government Cloud) is added by the operator with CRM_SYNC_CRM_LOGIN_HOSTS.
 */
export const SALESFORCE_LOGIN_HOSTS: readonly string[] = ['login.salesforce.com', 'test.salesforce.com', '*.my.salesforce.com', '*.force.com'];
