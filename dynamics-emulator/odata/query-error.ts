/** A query Dataverse refuses as malformed or unsupported: HTTP 400 with code 0x80060888. */
export class ODataQueryError extends Error {
  readonly code = '0x80060888';
}
