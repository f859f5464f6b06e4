import 'express-session';
import type { Actor } from '../../domain/audit/record-audit';
import type { Role } from '../../domain/auth/roles';

/** Who is making the request, resolved once by authenticate() from a session or a bearer token. */
export interface RequestActor extends Actor {
  kind: 'user' | 'token';
  id: string;
  role: Role;
  via: 'session' | 'token';
}

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    csrfToken?: string;
    flash?: { kind: 'ok' | 'error' | 'warn'; message: string };
  }
}

declare global {
  // Express types its Request in a global namespace; merging into it is the only way to add a field.
  namespace Express {
    interface Request {
      actor?: RequestActor;
    }
  }
}
