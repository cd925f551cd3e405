// The pages of the application, in navigation order. Adding a page: write pages/<name>-page.tsx and add one line here.

import type { ComponentType } from 'react';
import { BatchPage } from './pages/batch-page';
import { ClassifyPage } from './pages/classify-page';
import { ReviewPage } from './pages/review-page';

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
];
