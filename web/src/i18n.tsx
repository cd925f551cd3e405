// The interface language (English or French): a context, a `t()` that fills {placeholders}, and number formats.

import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { MESSAGES, type MessageKey } from './messages';

export type Language = 'en' | 'fr';

export interface I18n {
  lang: Language;
  setLang(lang: Language): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Text a page brings along itself: { en, fr }. */
  pick(text: { en: string; fr: string }): string;
  percent(value: number): string;
  /** A number in the language's format, with at most `digits` decimals (default 0). */
  number(value: number, digits?: number): string;
}

const STORAGE_KEY = 'prodclass.lang';

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'fr') return saved;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const value = useMemo<I18n>(() => {
    const percentFormat = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
    const numberFormats = new Map<number, Intl.NumberFormat>();
    const numberFormat = (digits: number) => {
      let format = numberFormats.get(digits);
      if (!format) numberFormats.set(digits, (format = new Intl.NumberFormat(lang, { maximumFractionDigits: digits })));
      return format;
    };
    return {
      lang,
      setLang(next) {
        localStorage.setItem(STORAGE_KEY, next);
        document.documentElement.lang = next;
        setLangState(next);
      },
      t: (key, vars = {}) => MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)),
      pick: (text) => text[lang],
      percent: (value) => percentFormat.format(value),
      number: (value, digits = 0) => numberFormat(digits).format(value),
    };
  }, [lang]);
  document.documentElement.lang = lang;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
