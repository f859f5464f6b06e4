import helmet from 'helmet';

/** Security headers; scripts and styles only from our own origin (no inline script anywhere). */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'form-action': ["'self'"] },
    },
    crossOriginEmbedderPolicy: false,
  });
}
