import express, { Router, type Request, type Response } from 'express';
import { authenticateUser } from '../auth';
import { instanceUrl, type EmulatorContext } from '../context';
import type { SfRecord } from '../schema';

const XML_ESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

function xmlText(envelope: string, tag: string): string {
  const start = envelope.indexOf(`<${tag}>`);
  const end = envelope.indexOf(`</${tag}>`, start);
  if (start < 0 || end < 0) return '';
  let text = envelope.slice(start + tag.length + 2, end);
  for (const [entity, ch] of Object.entries(XML_ESCAPES)) text = text.split(entity).join(ch);
  return text;
}

function esc(value: unknown): string {
  return String(value ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

function loginResponse(base: string, version: string, orgId: string, sessionId: string, user: SfRecord): string {
  const userInfo = [
    ['accessibilityMode', 'false'], ['currencySymbol', '€'], ['orgAttachmentFileSizeLimit', '5242880'], ['orgDefaultCurrencyIsoCode', 'EUR'],
    ['orgDisallowHtmlAttachments', 'false'], ['orgHasPersonAccounts', 'false'], ['organizationId', orgId], ['organizationMultiCurrency', 'false'],
    ['organizationName', 'crm-sync Demo Org'], ['profileId', '00e8d0000000001AAA'], ['roleId', ''], ['sessionSecondsValid', '7200'],
    ['userDefaultCurrencyIsoCode', ''], ['userEmail', user.Email], ['userFullName', user.Name], ['userId', user.Id], ['userLanguage', 'en_US'],
    ['userLocale', 'en_US'], ['userName', user.Username], ['userTimeZone', 'GMT'], ['userType', 'Standard'], ['userUiSkin', 'Theme3'],
  ].map(([tag, value]) => (value === '' ? `<${tag} xsi:nil="true"/>` : `<${tag}>${esc(value)}</${tag}>`)).join('');
  return `${ENVELOPE_OPEN}<loginResponse><result><metadataServerUrl>${base}/services/Soap/m/${version}/${orgId}</metadataServerUrl><passwordExpired>false</passwordExpired><sandbox>false</sandbox><serverUrl>${base}/services/Soap/u/${version}/${orgId}</serverUrl><sessionId>${sessionId}</sessionId><userId>${user.Id}</userId><userInfo>${userInfo}</userInfo></result></loginResponse>${ENVELOPE_CLOSE}`;
}

/** Salesforce answers a bad login with HTTP 500 and a SOAP fault, which jsforce turns into an Error carrying faultstring. */
const INVALID_LOGIN_FAULT =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>' +
  '<soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring>' +
  '<detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode><sf:exceptionMessage>Invalid username, password, security token; or user locked out.</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault>' +
  ENVELOPE_CLOSE;

export function soapLoginRouter(ctx: EmulatorContext): Router {
  const router = Router();
  router.post('/u/:version', express.text({ type: () => true }), (req: Request, res: Response) => {
    const envelope = typeof req.body === 'string' ? req.body : '';
    const version = String(req.params.version);
    res.type('text/xml; charset=utf-8');
    const user = envelope.includes('<login') ? authenticateUser(ctx.store, xmlText(envelope, 'username'), xmlText(envelope, 'password')) : undefined;
    if (!user) {
      res.status(500).send(INVALID_LOGIN_FAULT);
      return;
    }
    const sessionId = ctx.sessions.open(user.Id, 'soap');
    res.status(200).send(loginResponse(instanceUrl(req), version, ctx.store.orgId, sessionId, user));
  });
  return router;
}
