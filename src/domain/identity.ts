import type { Classification } from './envelope.js';

export const ROLES = ['duty_officer', 'analyst', 'liaison_officer', 'supervisor', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that give access to operational content. Administrators and auditors see none by role alone. */
export const CONTENT_ROLES: readonly Role[] = ['duty_officer', 'analyst', 'liaison_officer', 'supervisor'];

export const AGENCY_KINDS = ['domestic-intelligence', 'foreign-intelligence', 'police', 'gendarmerie', 'customs', 'threat-assessment', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface Country {
  code: string; // ISO 3166 alpha-2
  name: string;
  timeZone: string;
}

export interface Agency {
  code: string;
  country: string;
  name: string;
  kind: AgencyKind;
}

/** Who is acting: a person logged in, or a machine client holding an API token scoped to an agency and roles. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  agency: string;
  country: string;
  roles: readonly Role[];
  clearance: Classification;
  /** Set when the actor authenticated with an API token. */
  tokenId?: string;
  /** What the token was issued for (by an administrator): a machine client's standing purpose. */
  tokenName?: string;
}

export function hasRole(actor: Pick<Actor, 'roles'>, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function hasContentRole(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((r) => CONTENT_ROLES.includes(r));
}
