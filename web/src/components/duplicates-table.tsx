// Near-duplicate titles of the Explore page: how many, the category pairs in conflict, and the conflicting groups themselves.

import type { DuplicateAnalysis, DuplicateGroup } from '../../../src/serving/api-types';
import { useI18n } from '../i18n';
import { DataTable } from './chart-figure';

function groupRows(groups: DuplicateGroup[], nameOf: (code: number) => string, number: (v: number) => string) {
  return groups.map((g) => [
    g.products.slice(0, 3).map((p) => `${p.designation} (#${p.index})`).join(' · '),
    { text: number(g.size), value: g.size },
    g.codes.map((c) => `${nameOf(c.code)} ×${c.count}`).join(', '),
  ]);
}

export function DuplicatesTable({ duplicates, nameOf }: { duplicates: DuplicateAnalysis; nameOf: (code: number) => string }) {
  const { t, number } = useI18n();
  const d = duplicates;
  return (
    <div data-testid="duplicates">
      <p>{t('explore.duplicatesSummary', { groups: number(d.groups), products: number(d.duplicatedProducts), copies: number(d.redundantProducts), conflicting: number(d.conflictingGroups), conflictingProducts: number(d.conflictingProducts) })}</p>
      {d.conflictPairs.length > 0 && (
        <>
          <h3>{t('explore.conflictPairs')}</h3>
          <DataTable
            testId="conflict-pairs"
            table={{
              columns: [t('explore.categoriesInConflict'), t('explore.groups')],
              rows: d.conflictPairs.slice(0, 15).map((p) => [`${nameOf(p.codes[0])} / ${nameOf(p.codes[1])}`, { text: number(p.groups), value: p.groups }]),
            }}
          />
        </>
      )}
      {d.conflicts.length > 0 && (
        <>
          <h3>{t('explore.conflictingGroups')}</h3>
          <DataTable testId="conflicting-groups" table={{ columns: [t('explore.titles'), t('charts.products'), t('explore.labels')], rows: groupRows(d.conflicts.slice(0, 20), nameOf, number) }} />
        </>
      )}
      {d.largestGroups.length > 0 && (
        <details>
          <summary>{t('explore.largestGroups')}</summary>
          <DataTable table={{ columns: [t('explore.titles'), t('charts.products'), t('explore.labels')], rows: groupRows(d.largestGroups.slice(0, 20), nameOf, number) }} />
        </details>
      )}
    </div>
  );
}
