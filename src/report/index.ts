// Public door of the report layer: the self-contained HTML report, from an analysis and a models summary or end to end.

export { renderReport, type ReportInput } from './html-report.js';
export { buildReport, type BuildReportOptions, type BuiltReport } from './build-report.js';
