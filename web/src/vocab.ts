// The vocabularies the forms offer, as the API defines them (src/domain/envelope.ts, records.ts).
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'];
export const HANDLING = ['H0', 'H1', 'H2', 'H3'];
export const CLASSIFICATIONS = ['unclassified', 'restricted', 'confidential', 'secret'];
export const CATEGORIES = ['suspect', 'convicted', 'potential-offender', 'contact', 'victim', 'witness', 'informant', 'other'];
export const ROLES = ['duty_officer', 'analyst', 'liaison_officer', 'supervisor', 'admin', 'auditor'];

/** Each country's national threat scale, levels in increasing order (src/domain/records.ts THREAT_SCALES). */
export const SCALES: Record<string, { scale: string; levels: string[] }> = {
  FR: { scale: 'vigipirate', levels: ['vigilance', 'securite-renforcee-risque-attentat', 'urgence-attentat'] },
  BE: { scale: 'ocam', levels: ['1', '2', '3', '4'] },
  ES: { scale: 'naa', levels: ['1', '2', '3', '4', '5'] },
  MA: { scale: 'ma-vigilance', levels: ['normal', 'eleve', 'tres-eleve', 'maximal'] },
};
