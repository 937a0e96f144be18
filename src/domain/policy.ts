// The one access policy (DESIGN.md §3). Every read, list, search, export, feed, live event and screening
// watchlist asks `decide`; the store narrows its queries with `readScope`, which is proven equal to `decide`
// by the policy tests, and every row it returns is still checked with `decide`.
import { classificationRank, holdsPersonalData, isReviewOverdue, type Classification, type Envelope } from './envelope.js';
import { hasContentRole, hasRole, type Actor, type Role } from './identity.js';

export const ITEM_ACTIONS = [
  'view',
  'list',
  'search',
  'create',
  'update',
  'review',
  'release',
  'forward',
  'link',
  'annotate',
  'export',
] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

/** Actions that disclose an item to someone who does not hold it yet. */
export const DISCLOSURE_ACTIONS: readonly ItemAction[] = ['release', 'forward', 'link', 'export'];
const READ_ACTIONS: readonly ItemAction[] = ['view', 'list', 'search'];

export type Need =
  | 'justification'
  | 'notify-owner'
  | 'notify-supervisor'
  | 'flag-for-review'
  | 'h1-marking'
  | 'h3-restriction';

export type Relation = 'owner' | 'released' | 'same-country' | 'not-released';

export interface PolicyContext {
  now: Date;
  /** Why the actor consults this item; required for personal data on view, list, search and export. */
  justification?: string | null;
  /** An emergency opening of an item not released to the actor, with a written justification. */
  breakGlass?: boolean;
}

export interface Decision {
  allow: boolean;
  /** A stable code: why the decision is what it is. */
  reason: string;
  /** What must accompany an allowed action (or, on a refusal, what would make it allowed). */
  needs: Need[];
  relation: Relation;
  breakGlass: boolean;
}

/** Which roles may perform each action at all (before owner/release/clearance/handling rules). */
export const ACTION_ROLES: Record<ItemAction, readonly Role[]> = {
  view: ['duty_officer', 'analyst', 'liaison_officer', 'supervisor'],
  list: ['duty_officer', 'analyst', 'liaison_officer', 'supervisor'],
  search: ['duty_officer', 'analyst', 'liaison_officer', 'supervisor'],
  create: ['duty_officer', 'analyst', 'liaison_officer', 'supervisor'],
  update: ['analyst', 'liaison_officer', 'supervisor'],
  review: ['analyst', 'supervisor'],
  release: ['analyst', 'liaison_officer', 'supervisor'],
  forward: ['duty_officer', 'analyst', 'liaison_officer', 'supervisor'],
  link: ['duty_officer', 'analyst', 'liaison_officer', 'supervisor'],
  annotate: ['analyst', 'liaison_officer', 'supervisor'],
  export: ['analyst', 'liaison_officer', 'supervisor'],
};

/** Owner-only actions: originator control. */
const OWNER_ACTIONS: readonly ItemAction[] = ['create', 'update', 'review', 'release'];

/** The shortest justification accepted: a word or two is not a reason. */
export const MIN_JUSTIFICATION_LENGTH = 8;

export function relationOf(actor: Pick<Actor, 'agency' | 'country'>, envelope: Pick<Envelope, 'originator' | 'releaseTo'>, originatorCountry?: string): Relation {
  if (actor.agency === envelope.originator) return 'owner';
  if (envelope.releaseTo.agencies.includes(actor.agency) || envelope.releaseTo.countries.includes(actor.country)) return 'released';
  if (originatorCountry !== undefined && originatorCountry === actor.country) return 'same-country';
  return 'not-released';
}

export function isCleared(actor: Pick<Actor, 'clearance'>, classification: Classification): boolean {
  return classificationRank(actor.clearance) >= classificationRank(classification);
}

export function hasJustification(ctx: Pick<PolicyContext, 'justification'>): boolean {
  return (ctx.justification ?? '').trim().length >= MIN_JUSTIFICATION_LENGTH;
}

function deny(reason: string, relation: Relation, needs: Need[] = []): Decision {
  return { allow: false, reason, needs, relation, breakGlass: false };
}

export function decide(
  actor: Actor,
  action: ItemAction,
  envelope: Envelope,
  ctx: PolicyContext,
  originatorCountry?: string,
): Decision {
  const relation = relationOf(actor, envelope, originatorCountry);
  if (envelope.status === 'erased') return deny('erased', relation);
  if (!hasContentRole(actor)) return deny('no-content-role', relation);
  if (!isCleared(actor, envelope.classification)) return deny('insufficient-clearance', relation);

  // Visibility first: for an item one may not see, every refusal reads the same (it does not exist for them).
  const owner = relation === 'owner';
  let breakGlass = false;
  const needs: Need[] = [];
  if (!owner && relation !== 'released') {
    // Only a single, justified, emergency view may open what was not released.
    if (action === 'view' && ctx.breakGlass && hasRole(actor, ...ACTION_ROLES.view)) {
      if (!hasJustification(ctx)) return deny('break-glass-justification-required', relation, ['justification']);
      breakGlass = true;
      needs.push('notify-owner', 'notify-supervisor', 'flag-for-review');
    } else {
      return deny('not-released', relation);
    }
  }
  if (envelope.status === 'archived' && !owner) return deny('not-released', relation);

  if (!hasRole(actor, ...ACTION_ROLES[action])) return deny('role-not-permitted', relation);
  if (OWNER_ACTIONS.includes(action) && !owner) return deny('originator-control', relation);

  if (envelope.status === 'archived') {
    // Archived items stay with their owner for review; nothing leaves and nothing changes.
    if (!(READ_ACTIONS.includes(action) || action === 'review')) return deny('archived', relation);
  }

  if (action === 'release' && envelope.handling.code === 'H3' && !hasRole(actor, 'supervisor')) {
    return deny('h3-release-needs-supervisor', relation);
  }
  if (DISCLOSURE_ACTIONS.includes(action) && isReviewOverdue(envelope, ctx.now)) {
    return deny('review-overdue', relation);
  }
  if (!owner && (action === 'forward' || action === 'link' || action === 'export')) {
    if (envelope.handling.code === 'H2') return deny('h2-no-further-dissemination', relation);
    if (envelope.handling.code === 'H3') return deny('h3-owner-consent-required', relation);
  }

  const consults = READ_ACTIONS.includes(action) || action === 'export';
  if (consults && holdsPersonalData(envelope) && !hasJustification(ctx)) {
    return deny('justification-required', relation, ['justification']);
  }
  if (consults || action === 'forward' || action === 'link') {
    if (envelope.handling.code === 'H1') needs.push('h1-marking');
    if (envelope.handling.code === 'H3') needs.push('h3-restriction');
  }
  return { allow: true, reason: breakGlass ? 'break-glass' : relation, needs, relation, breakGlass };
}

/**
 * The set of items an actor may read (view/list/search), expressed so the store can narrow a query:
 * owner agency, or released to the actor's agency or country, cleared, not erased, archived only for the owner.
 * `null` means nothing at all. Personal-data justification is checked by the service before it queries.
 */
export interface ReadScope {
  agency: string;
  country: string;
  maxClassificationRank: number;
}

export function readScope(actor: Actor, action: 'view' | 'list' | 'search' | 'export' = 'list'): ReadScope | null {
  if (!hasContentRole(actor) || !hasRole(actor, ...ACTION_ROLES[action])) return null;
  return { agency: actor.agency, country: actor.country, maxClassificationRank: classificationRank(actor.clearance) };
}

/** The same predicate as the SQL the store builds from a ReadScope, for tests and in-memory filters. */
export function inReadScope(scope: ReadScope, envelope: Envelope): boolean {
  if (envelope.status === 'erased') return false;
  if (classificationRank(envelope.classification) > scope.maxClassificationRank) return false;
  if (envelope.originator === scope.agency) return true;
  if (envelope.status === 'archived') return false;
  return envelope.releaseTo.agencies.includes(scope.agency) || envelope.releaseTo.countries.includes(scope.country);
}

/** Non-item permissions: identity administration and the audit trail. */
export type SystemAction = 'identity.manage' | 'audit.read' | 'token.create';

export function may(actor: Pick<Actor, 'roles'>, action: SystemAction): boolean {
  switch (action) {
    case 'identity.manage':
      return hasRole(actor, 'admin');
    case 'audit.read':
      return hasRole(actor, 'auditor');
    case 'token.create':
      return hasRole(actor, 'admin');
  }
}
