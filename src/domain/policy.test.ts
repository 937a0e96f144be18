import { describe, expect, it } from 'vitest';
import { CLASSIFICATIONS, HANDLING_CODES, type Classification, type Envelope, type HandlingCode } from './envelope.js';
import { ROLES, type Actor, type Role } from './identity.js';
import { decide, inReadScope, may, readScope, type ItemAction } from './policy.js';

const NOW = new Date('2026-12-14T02:40:00Z');
const justified = { now: NOW, justification: 'Checking a lead in operation Noel' };

type RelationCase = 'owner' | 'same-country' | 'released-country' | 'released-agency' | 'not-released';
const RELATIONS: RelationCase[] = ['owner', 'same-country', 'released-country', 'released-agency', 'not-released'];
const ACTIONS: ItemAction[] = ['view', 'list', 'search', 'update', 'release', 'forward', 'export'];

function actor(role: Role, agency = 'FR-DGSI', country = 'FR', clearance: Classification = 'confidential'): Actor {
  return { userId: 'u1', email: 'u@x', displayName: 'U', agency, country, roles: [role], clearance };
}

/** The item is Morocco's (MA-DGST); the actor is placed in the relation the case names. */
function placed(role: Role, relation: RelationCase): { actor: Actor; releaseTo: Envelope['releaseTo'] } {
  switch (relation) {
    case 'owner':
      return { actor: actor(role, 'MA-DGST', 'MA'), releaseTo: { countries: [], agencies: [] } };
    case 'same-country':
      return { actor: actor(role, 'MA-DGED', 'MA'), releaseTo: { countries: ['FR'], agencies: [] } };
    case 'released-country':
      return { actor: actor(role, 'FR-DGSI', 'FR'), releaseTo: { countries: ['FR', 'ES'], agencies: [] } };
    case 'released-agency':
      return { actor: actor(role, 'FR-DGSI', 'FR'), releaseTo: { countries: ['ES'], agencies: ['FR-DGSI'] } };
    case 'not-released':
      return { actor: actor(role, 'BE-VSSE', 'BE'), releaseTo: { countries: ['FR', 'ES'], agencies: ['FR-DGSI'] } };
  }
}

function envelope(over: Partial<Envelope> = {}): Envelope {
  return {
    originator: 'MA-DGST',
    releaseTo: { countries: [], agencies: [] },
    classification: 'restricted',
    handling: { code: 'H0', text: null },
    tlp: 'amber',
    grading: 'B2',
    subjectCategory: 'suspect',
    legalBasis: 'law',
    purpose: 'purpose',
    reviewBy: '2027-06-14',
    status: 'active',
    ...over,
  };
}

/**
 * The policy of DESIGN.md §3, written as the plain rules a reader checks against the design — independently of
 * the implementation's structure.
 */
function expected(role: Role, relation: RelationCase, cls: Classification, handling: HandlingCode, action: ItemAction): boolean {
  const contentRoles: Role[] = ['duty_officer', 'analyst', 'liaison_officer', 'supervisor'];
  if (!contentRoles.includes(role)) return false; // admin, auditor: no content by role
  if (cls === 'secret') return false; // the actors are cleared to confidential
  const canDo: Record<ItemAction, Role[]> = {
    view: contentRoles,
    list: contentRoles,
    search: contentRoles,
    create: contentRoles,
    update: ['analyst', 'liaison_officer', 'supervisor'],
    review: ['analyst', 'supervisor'],
    release: ['analyst', 'liaison_officer', 'supervisor'],
    forward: contentRoles,
    link: contentRoles,
    annotate: ['analyst', 'liaison_officer', 'supervisor'],
    export: ['analyst', 'liaison_officer', 'supervisor'],
  };
  if (!canDo[action].includes(role)) return false;
  const owner = relation === 'owner';
  const released = relation === 'released-country' || relation === 'released-agency';
  if (!owner && !released) return false; // same country is not enough: release is per country or agency
  if ((action === 'update' || action === 'release') && !owner) return false; // originator control
  if (action === 'release' && handling === 'H3' && role !== 'supervisor') return false;
  if (!owner && (action === 'forward' || action === 'export') && (handling === 'H2' || handling === 'H3')) return false;
  return true;
}

describe('policy.decide — every role × relation × classification × handling × action', () => {
  const cases: [Role, RelationCase, Classification, HandlingCode, ItemAction][] = [];
  for (const role of ROLES)
    for (const relation of RELATIONS)
      for (const cls of CLASSIFICATIONS)
        for (const handling of HANDLING_CODES) for (const action of ACTIONS) cases.push([role, relation, cls, handling, action]);

  it(`covers ${cases.length} cases`, () => {
    expect(cases.length).toBe(6 * 5 * 4 * 4 * 7);
  });

  it.each(cases)('%s / %s / %s / %s / %s', (role, relation, cls, handling, action) => {
    const { actor: a, releaseTo } = placed(role, relation);
    const env = envelope({ releaseTo, classification: cls, handling: { code: handling, text: handling === 'H3' ? 'Only for case X' : null } });
    const d = decide(a, action, env, justified, relation === 'same-country' ? 'MA' : undefined);
    expect(d.allow, `${d.reason}`).toBe(expected(role, relation, cls, handling, action));
  });
});

describe('policy.decide — special rules', () => {
  const analystFR = actor('analyst');
  const released = envelope({ releaseTo: { countries: ['FR'], agencies: [] } });

  it('refuses views, lists, searches and exports of personal data without a justification', () => {
    for (const action of ['view', 'list', 'search', 'export'] as const) {
      const d = decide(analystFR, action, released, { now: NOW });
      expect(d.allow).toBe(false);
      expect(d.reason).toBe('justification-required');
      expect(d.needs).toContain('justification');
      expect(decide(analystFR, action, released, { now: NOW, justification: 'short' }).allow).toBe(false);
    }
    // No personal data: no justification needed.
    expect(decide(analystFR, 'view', { ...released, subjectCategory: null }, { now: NOW }).allow).toBe(true);
  });

  it('never asks an unreleased reader for a justification (that would reveal the item exists)', () => {
    const d = decide(actor('analyst', 'BE-VSSE', 'BE'), 'view', released, { now: NOW });
    expect(d.reason).toBe('not-released');
  });

  it('break-glass opens an unreleased item for viewing only, with justification, notifying and flagging', () => {
    const be = actor('duty_officer', 'BE-VSSE', 'BE');
    const noJustification = decide(be, 'view', released, { now: NOW, breakGlass: true });
    expect(noJustification.allow).toBe(false);
    expect(noJustification.reason).toBe('break-glass-justification-required');
    const d = decide(be, 'view', released, { now: NOW, breakGlass: true, justification: 'Imminent threat at Brussels-Midi, 03:10' });
    expect(d).toMatchObject({ allow: true, breakGlass: true, reason: 'break-glass' });
    expect(d.needs).toEqual(expect.arrayContaining(['notify-owner', 'notify-supervisor', 'flag-for-review']));
    for (const action of ['list', 'search', 'export', 'forward', 'update'] as const) {
      expect(decide(be, action, released, { ...justified, breakGlass: true }).allow).toBe(false);
    }
    // Break-glass does not override clearance.
    expect(decide(be, 'view', { ...released, classification: 'secret' }, { ...justified, breakGlass: true }).allow).toBe(false);
    // Nor does it give content to an administrator.
    expect(decide(actor('admin', 'BE-VSSE', 'BE'), 'view', released, { ...justified, breakGlass: true }).allow).toBe(false);
  });

  it('refuses every action on an item one may not see with the same reason, whatever the role', () => {
    const hidden = envelope({ releaseTo: { countries: ['FR'], agencies: [] } });
    for (const role of ROLES)
      for (const action of ['view', 'list', 'search', 'create', 'update', 'review', 'release', 'forward', 'link', 'annotate', 'export'] as const) {
        const d = decide(actor(role, 'BE-VSSE', 'BE'), action, hidden, justified);
        expect(d.allow).toBe(false);
        expect(['not-released', 'no-content-role']).toContain(d.reason);
      }
  });

  it('marks H1 on every view and shows H3 restrictions', () => {
    expect(decide(analystFR, 'view', { ...released, handling: { code: 'H1' } }, justified).needs).toContain('h1-marking');
    expect(decide(analystFR, 'export', { ...released, handling: { code: 'H1' } }, justified).needs).toContain('h1-marking');
    expect(decide(analystFR, 'view', { ...released, handling: { code: 'H3', text: 'x' } }, justified).needs).toContain('h3-restriction');
  });

  it('stops disclosure of items past their review date until reviewed, but still lets the owner read them', () => {
    const overdue = { ...released, reviewBy: '2026-12-01' };
    const owner = actor('analyst', 'MA-DGST', 'MA');
    for (const action of ['release', 'forward', 'link', 'export'] as const) {
      expect(decide(owner, action, overdue, justified).reason).toBe('review-overdue');
    }
    expect(decide(owner, 'view', overdue, justified).allow).toBe(true);
    expect(decide(owner, 'review', overdue, justified).allow).toBe(true);
  });

  it('keeps archived items to their owner and erased items from everyone', () => {
    const owner = actor('analyst', 'MA-DGST', 'MA');
    const archived = { ...released, status: 'archived' as const };
    expect(decide(owner, 'view', archived, justified).allow).toBe(true);
    expect(decide(owner, 'update', archived, justified).allow).toBe(false);
    expect(decide(analystFR, 'view', archived, justified).allow).toBe(false);
    const erased = { ...released, status: 'erased' as const };
    expect(decide(owner, 'view', erased, justified).reason).toBe('erased');
  });

  it('gives admins identity management and auditors the trail, and neither to others', () => {
    expect(may(actor('admin'), 'identity.manage')).toBe(true);
    expect(may(actor('auditor'), 'identity.manage')).toBe(false);
    expect(may(actor('auditor'), 'audit.read')).toBe(true);
    expect(may(actor('supervisor'), 'audit.read')).toBe(false);
    expect(may(actor('admin'), 'audit.read')).toBe(false);
  });
});

describe('policy.readScope — the store’s filter is the policy', () => {
  it('agrees with decide(list) on every role, relation, classification, handling and status', () => {
    let compared = 0;
    for (const role of ROLES)
      for (const relation of RELATIONS)
        for (const cls of CLASSIFICATIONS)
          for (const handling of HANDLING_CODES)
            for (const status of ['active', 'archived', 'erased'] as const) {
              const { actor: a, releaseTo } = placed(role, relation);
              const env = envelope({ releaseTo, classification: cls, handling: { code: handling, text: 'x' }, status });
              const scope = readScope(a, 'list');
              const inScope = scope !== null && inReadScope(scope, env);
              expect(inScope, `${role} ${relation} ${cls} ${handling} ${status}`).toBe(decide(a, 'list', env, justified).allow);
              compared++;
            }
    expect(compared).toBe(6 * 5 * 4 * 4 * 3);
  });
});
