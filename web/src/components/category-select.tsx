// A labelled drop-down of the 27 categories, sorted by name in the interface language.

import { forwardRef } from 'react';
import { useAppState } from '../app-state';
import { useI18n } from '../i18n';

interface Props {
  id: string;
  value: number | '';
  onChange(code: number | ''): void;
  label: string;
}

export const CategorySelect = forwardRef<HTMLSelectElement, Props>(function CategorySelect({ id, value, onChange, label }, ref) {
  const { categories, categoryName } = useAppState();
  const { t, lang } = useI18n();
  const sorted = [...categories].sort((a, b) => categoryName(a.code).localeCompare(categoryName(b.code), lang));
  return (
    <span className="field-inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} ref={ref} value={value} onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))}>
        <option value="">{t('classify.pick')}</option>
        {sorted.map((c) => (
          <option key={c.code} value={c.code}>
            {categoryName(c.code)} ({c.code})
          </option>
        ))}
      </select>
    </span>
  );
});
