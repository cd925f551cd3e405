// Human-readable metric summaries for the terminal.

import type { EvaluationReport } from '../evaluation/evaluation-report.js';

export function printMetricsSummary(report: EvaluationReport, title: string, stream: NodeJS.WriteStream = process.stderr): void {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  stream.write(`${title}: weighted F1 ${report.weightedF1.toFixed(4)}, macro F1 ${report.macroF1.toFixed(4)}, accuracy ${pct(report.accuracy)}\n`);
  const worst = [...report.perClass].filter((c) => c.support > 0).sort((a, b) => a.f1 - b.f1).slice(0, 3);
  if (worst.length) stream.write(`  weakest classes: ${worst.map((c) => `${c.name} (${c.code}) F1 ${c.f1.toFixed(2)}`).join('; ')}\n`);
  if (report.hierarchy) {
    const levels = report.hierarchy.levels.map((l) => `depth ${l.depth} ${l.weightedF1.toFixed(4)}`).join(', ');
    stream.write(`  weighted F1 by depth: ${levels}; hierarchical F1 ${report.hierarchy.hierarchicalF1.toFixed(4)}\n`);
  }
}
