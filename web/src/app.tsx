// The application shell: header (model, language), navigation between pages, and the active page.

import { Suspense, useEffect, useState } from 'react';
import { api, CATALOG } from './api';
import { AppStateProvider, useAppState } from './app-state';
import { I18nProvider, useI18n, type Language } from './i18n';
import { PAGES } from './pages';
import { useRoute } from './router';

/**
 * Which catalog the page works on, when the server holds several: choosing another reloads the page on it (its
 * address keeps `?catalog=`, so a link or a reload stays on that catalog).
 */
function CatalogPicker() {
  const { t } = useI18n();
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    api.catalogs().then((r) => setNames(r.catalogs.map((c) => c.name)), () => setNames([]));
  }, []);
  if (names.length < 2) return null;
  const choose = (name: string) => {
    const url = new URL(window.location.href);
    if (name === 'default') url.searchParams.delete('catalog');
    else url.searchParams.set('catalog', name);
    window.location.assign(url.toString());
  };
  return (
    <label className="lang">
      <span className="visually-hidden">{t('app.catalog')}</span>
      <select value={CATALOG} onChange={(e) => choose(e.target.value)} aria-label={t('app.catalog')} data-testid="catalog-picker">
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function Header() {
  const { t, lang, setLang, pick } = useI18n();
  const { health, offline } = useAppState();
  const route = useRoute();
  const active = PAGES.find((p) => p.id === route) ?? PAGES[0];
  return (
    <header className="top">
      <div className="brand">
        <span className="logo" aria-hidden="true">▦</span>
        <div>
          <strong>prodclass</strong>
          <small>{t('app.tagline')}</small>
        </div>
      </div>
      <nav aria-label={t('app.nav')}>
        <ul>
          {PAGES.map((page) => (
            <li key={page.id}>
              <a href={`#/${page.id}`} aria-current={page.id === active.id ? 'page' : undefined}>
                {pick(page.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="meta">
        <CatalogPicker />
        {health && (
          <span className="model" data-testid="active-model" title={health.kind}>
            {t('app.model')}: <code>{health.model}</code>
          </span>
        )}
        <label className="lang">
          <span className="visually-hidden">{t('app.language')}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value as Language)} aria-label={t('app.language')}>
            <option value="en">EN</option>
            <option value="fr">FR</option>
          </select>
        </label>
      </div>
      {offline && <p className="banner error" role="alert">{t('app.offline')}</p>}
      {health?.demo && (
        <p className="banner demo" role="note">
          <strong>{t('app.demo')}</strong>: {t('app.demoNote')}
        </p>
      )}
    </header>
  );
}

function CurrentPage() {
  const { t } = useI18n();
  const route = useRoute();
  const page = PAGES.find((p) => p.id === route) ?? PAGES[0];
  const Page = page.component;
  return (
    <main id="main" key={page.id}>
      <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
        <Page />
      </Suspense>
    </main>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AppStateProvider>
        <Header />
        <CurrentPage />
      </AppStateProvider>
    </I18nProvider>
  );
}
