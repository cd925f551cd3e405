// What an audit hands to people: the JSON the issue fixes and a CSV that opens in a spreadsheet.

import { formatCsvRow } from '../../data/csv-format.js';
import type { Taxonomy } from '../../taxonomy/index.js';
import type { AuditNoise, AuditReport, AuditSuspect } from './label-audit.js';

/** The JSON an audit prints: `{ suspects, noise }`, suspects best first, without the internal position. */
export interface AuditJson {
  suspects: Omit<AuditSuspect, 'position'>[];
  noise: AuditNoise[];
}

export function auditJson(report: AuditReport): AuditJson {
  return { suspects: report.suspects.map(({ position: _position, ...rest }) => rest), noise: report.noise };
}

export const AUDIT_CSV_COLUMNS = [
  'id', 'row', 'title', 'given', 'given_name', 'suggested', 'suggested_name',
  'given_probability', 'suggested_probability', 'score', 'words', 'reason', 'same_parent',
] as const;

/**
 * The suspects as CSV, best first, with each category's path beside its id. Cells a spreadsheet would run as a
 * formula (starting with =, +, -, @) get a leading apostrophe, as OWASP advises for CSV exports.
 */
export function auditCsv(report: AuditReport, taxonomy: Taxonomy): string {
  const name = (id: string) => {
    const category = taxonomy.byId(id);
    return category ? taxonomy.pathString(category.key) : '';
  };
  const lines = [formatCsvRow([...AUDIT_CSV_COLUMNS])];
  for (const s of report.suspects) {
    lines.push(formatCsvRow([
      safe(s.id), s.row, safe(s.title), safe(s.given), safe(name(s.given)), safe(s.suggested), safe(name(s.suggested)),
      s.givenProbability, s.suggestedProbability, s.score, safe(s.words.join(' ')), s.reason, String(s.sameParent),
    ]));
  }
  return lines.join('');
}

function safe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
