/**
 * Who may do what. Admins configure (connections, mappings, schedules, users, tokens), ops operate
 * runs (retry, cancel, full sync), marketers work on lists, programs, segments and exports.
 * Admins may do everything; everyone signed in may look at runs, the dashboard, lists, programs
 * and segments (ops read them to see what a run worked on, but change none and export nothing).
 */
export const ROLES = ['admin', 'ops', 'marketer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'dashboard:view': ['admin', 'ops', 'marketer'],
  'runs:view': ['admin', 'ops', 'marketer'],
  'runs:operate': ['admin', 'ops'],
  'connections:view': ['admin', 'ops'],
  'connections:manage': ['admin'],
  'mappings:manage': ['admin'],
  'schedules:manage': ['admin'],
  'users:manage': ['admin'],
  'tokens:manage': ['admin'],
  'audit:view': ['admin', 'ops'],
  'lists:view': ['admin', 'ops', 'marketer'],
  'lists:manage': ['admin', 'marketer'],
  'programs:view': ['admin', 'ops', 'marketer'],
  'programs:manage': ['admin', 'marketer'],
  'segments:view': ['admin', 'ops', 'marketer'],
  'segments:manage': ['admin', 'marketer'],
  'exports:run': ['admin', 'marketer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
