// The pages of the application, in navigation order. Adding a page: write pages/<name>-page.tsx and add one line here.

import { lazy, type ComponentType } from 'react';
import { AuditPage } from './pages/audit-page';
import { BatchPage } from './pages/batch-page';
import { ClassifyPage } from './pages/classify-page';
import { ReviewPage } from './pages/review-page';
import { SearchPage } from './pages/search-page';
import { DuplicatesPage } from './pages/duplicates-page';

// The chart pages load with their own chunk (ECharts, d3-cloud), so Classify, Batch and Review open as fast as before.
const ExplorePage = lazy(() => import('./pages/explore-page').then((m) => ({ default: m.ExplorePage })));
const ModelsPage = lazy(() => import('./pages/models-page').then((m) => ({ default: m.ModelsPage })));

export interface PageDefinition {
  /** The URL hash: #/<id>. */
  id: string;
  label: { en: string; fr: string };
  component: ComponentType;
}

export const PAGES: readonly PageDefinition[] = [
  { id: 'classify', label: { en: 'Classify', fr: 'Classer' }, component: ClassifyPage },
  { id: 'batch', label: { en: 'Batch', fr: 'Lots' }, component: BatchPage },
  { id: 'review', label: { en: 'Review', fr: 'Revue' }, component: ReviewPage },
  { id: 'search', label: { en: 'Search', fr: 'Recherche' }, component: SearchPage },
  { id: 'duplicates', label: { en: 'Duplicates', fr: 'Doublons' }, component: DuplicatesPage },
  { id: 'audit', label: { en: 'Audit', fr: 'Audit' }, component: AuditPage },
  { id: 'explore', label: { en: 'Explore', fr: 'Explorer' }, component: ExplorePage },
  { id: 'models', label: { en: 'Models', fr: 'Modèles' }, component: ModelsPage },
];
