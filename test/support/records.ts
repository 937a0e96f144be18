// Builders for the cell's record kinds: valid bodies that tests vary one field at a time.
import type { EnvelopeInput } from '../../src/domain/envelope-input.js';
import { buildEnvelope } from './factories.js';

export function buildSubjectBody(over: Record<string, unknown> = {}) {
  return {
    names: [
      { full: 'يوسف بن عمر الحداد', script: 'arabic', kind: 'primary', parts: { given: 'يوسف', patronymic: 'بن عمر', family: 'الحداد' } },
      { full: 'Youssef Benomar El Haddad', script: 'latin', kind: 'transliteration', lang: 'fr' },
      { full: 'Yusuf bin Umar al-Haddad', script: 'latin', kind: 'transliteration', lang: 'en' },
    ],
    datesOfBirth: ['1994'],
    nationalities: ['MA'],
    gender: 'male',
    documents: [{ type: 'passport', number: 'MA-AB123456', issuingCountry: 'MA' }],
    ...over,
  };
}

export const subjectEnvelope = (over: Partial<EnvelopeInput> = {}) => buildEnvelope({ subjectCategory: 'suspect', handling: { code: 'H2' }, ...over });

export function buildAlertBody(subjectId: string, over: Record<string, unknown> = {}) {
  return {
    subjectId,
    alertKind: 'national-discreet-check',
    actionOnHit: 'Discreet check: report companions, do not alert',
    validFrom: '2026-12-01',
    validUntil: '2027-06-01',
    reference: 'MA-DC-2026-0042',
    ...over,
  };
}

export function buildReportBody(over: Record<string, unknown> = {}) {
  return {
    title: 'Intercepted conversation',
    text: 'Suggests travel to Europe "before the markets close".',
    about: { subjects: [], events: [], places: ['Strasbourg'] },
    statement: 'assessment',
    ...over,
  };
}

export function buildEventBody(over: Record<string, unknown> = {}) {
  return {
    name: 'Christmas market, Strasbourg',
    place: { name: 'Place Kléber', city: 'Strasbourg', country: 'FR', lat: 48.5834, lon: 7.7458 },
    startsAt: '2026-12-14T10:00:00+01:00',
    endsAt: '2026-12-24T20:00:00+01:00',
    description: 'Open-air market, 300 stalls',
    threat: { scale: 'vigipirate', level: 'securite-renforcee-risque-attentat' },
    ...over,
  };
}

export function buildThreatLevelBody(over: Record<string, unknown> = {}) {
  return { country: 'FR', scale: 'vigipirate', level: 'securite-renforcee-risque-attentat', effectiveFrom: '2026-12-01T00:00:00Z', reason: 'Holiday season', ...over };
}
