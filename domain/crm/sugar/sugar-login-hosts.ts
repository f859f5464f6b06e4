/**
 * The hosts SugarCRM documents for an instance: Sugar Cloud instances are `<name>.sugarondemand.com`
 * (the instance is both where the password is sent and where the API answers). Self-hosted
 * instances live on the customer's own domain, which no list can know: the operator adds it with
 * CRM_SYNC_CRM_LOGIN_HOSTS.
 */
export const SUGAR_LOGIN_HOSTS: readonly string[] = ['*.sugarondemand.com'];
