// Cleaning before training: which products to leave out because the audit finds them misfiled.

import { auditCatalog, type AuditRequest } from './label-audit.js';

/**
 * Positions of the top audit suspects, as many as confident learning estimates labels are wrong (cleanlab's
 * "prune by noise rate" count), best first, for `trainModel`'s `excludeFromTraining`.
 * @throws whatever `auditCatalog` throws.
 */
export async function suspectsToExclude(request: Omit<AuditRequest, 'topWords'>): Promise<Int32Array> {
  const report = await auditCatalog({ ...request, topWords: 0 });
  return Int32Array.from(report.suspects.slice(0, report.estimatedIssues), (s) => s.position);
}
