// Travel and identity document numbers: exact, or one character off (a typing or OCR slip).
import { boundedEditDistance } from './similarity.js';

export function normalizeDocument(n: string): string {
  return n.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

// Characters OCR and hurried typing confuse: compared as one.
const OCR: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', Z: '2', S: '5', B: '8', G: '6' };

function ocrFold(n: string): string {
  return n.replace(/[OQDILZSBG]/g, (c) => OCR[c]!);
}

export type DocumentOutcome = 'exact' | 'one-character' | null;

/** Compares document numbers. The issuing-country prefix some lists write (MA-AB123) is allowed to be absent. */
export function compareDocuments(a: string[], b: string[]): { outcome: DocumentOutcome; query?: string; candidate?: string } {
  let best: { outcome: DocumentOutcome; query?: string; candidate?: string } = { outcome: null };
  for (const x of a) {
    const nx = normalizeDocument(x);
    if (nx.length < 5) continue;
    for (const y of b) {
      const ny = normalizeDocument(y);
      if (ny.length < 5) continue;
      if (nx === ny || (nx.length > ny.length && nx.endsWith(ny) && nx.length - ny.length <= 3) || (ny.length > nx.length && ny.endsWith(nx) && ny.length - nx.length <= 3)) {
        return { outcome: 'exact', query: x, candidate: y };
      }
      if (!best.outcome && (ocrFold(nx) === ocrFold(ny) || boundedEditDistance(nx, ny, 1) <= 1 || transposed(nx, ny))) {
        best = { outcome: 'one-character', query: x, candidate: y };
      }
    }
  }
  return best;
}

function transposed(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}
