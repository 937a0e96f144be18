import { useEffect, useMemo, useState } from 'react';
import { api, onSessionExpired, type Me } from './api.js';
import { I18nContext, LANGS, LANG_NAMES, isRtl, makeI18n, type Lang } from './i18n.js';
import { Login } from './pages/Login.js';
import { Board } from './pages/Board.js';
import { Persons } from './pages/Persons.js';
import { Screening } from './pages/Screening.js';
import { Messages } from './pages/Messages.js';
import { Audit } from './pages/Audit.js';
import { Admin } from './pages/Admin.js';
import { Records } from './pages/Records.js';

type Page = 'board' | 'persons' | 'records' | 'screening' | 'messages' | 'audit' | 'admin';
const CONTENT = ['duty_officer', 'analyst', 'liaison_officer', 'supervisor'];

function initialLang(): Lang {
  const saved = localStorage.getItem('atalaya.lang') as Lang | null;
  if (saved && LANGS.includes(saved)) return saved;
  const nav = navigator.language.slice(0, 2) as Lang;
  return LANGS.includes(nav) ? nav : 'en';
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [lang, setLang] = useState<Lang>(initialLang);
  const [timeZone, setTimeZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  // #page, or #persons:<id> to open a person's page directly (links in messages, cross-checks).
  const pageOf = () => ((location.hash.slice(1).split(':')[0] as Page) || 'board');
  const [page, setPage] = useState<Page>(pageOf);
  const [expired, setExpired] = useState(false);
  const i18n = useMemo(() => makeI18n(lang, timeZone), [lang, timeZone]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
    localStorage.setItem('atalaya.lang', lang);
    document.title = i18n.t('app.title');
  }, [lang, i18n]);

  useEffect(() => {
    onSessionExpired(() => {
      setExpired(true);
      setMe(null);
    });
    api<{ user: Me }>('GET', '/api/auth/me').then((r) => setMe(r.user), () => setMe(null));
  }, []);

  useEffect(() => {
    if (!me) return;
    // Times are shown in the zone of the user's country, named on every time.
    api<{ countries: { code: string; timeZone: string }[] }>('GET', '/api/countries')
      .then((r) => {
        const c = r.countries.find((x) => x.code === me.country);
        if (c?.timeZone) setTimeZone(c.timeZone);
      })
      .catch(() => undefined);
  }, [me]);

  useEffect(() => {
    const f = () => setPage(pageOf());
    window.addEventListener('hashchange', f);
    return () => window.removeEventListener('hashchange', f);
  }, []);

  const langPicker = (
    <label className="lang">
      <span className="sr">{i18n.t('common.language')}</span>
      <select aria-label={i18n.t('common.language')} value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="lang">
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );

  if (me === undefined) return <div className="loading">…</div>;
  if (me === null)
    return (
      <I18nContext.Provider value={i18n}>
        <div className="login-shell">
          {langPicker}
          <Login
            expired={expired}
            onIn={(u) => {
              setExpired(false);
              setMe(u);
            }}
          />
        </div>
      </I18nContext.Provider>
    );

  const content = me.roles.some((r) => CONTENT.includes(r));
  const tabs: Page[] = [...(content ? (['board', 'persons', 'records', 'screening', 'messages'] as Page[]) : []), ...(me.roles.includes('auditor') ? (['audit'] as Page[]) : []), ...(me.roles.includes('admin') ? (['admin'] as Page[]) : [])];
  const current = tabs.includes(page) ? page : tabs[0];

  return (
    <I18nContext.Provider value={i18n}>
      <header className="top">
        <strong className="brand">Atalaya</strong>
        <nav>
          {tabs.map((t) => (
            <a key={t} href={`#${t}`} className={t === current ? 'active' : ''} data-testid={`nav-${t}`}>
              {i18n.t(`nav.${t}`)}
            </a>
          ))}
        </nav>
        <span className="who" data-testid="who">
          {me.displayName} · {me.agency}
        </span>
        <span className="tz">
          {i18n.t('common.timeZone')} {timeZone}
        </span>
        {langPicker}
        <button
          className="link"
          onClick={() => {
            void api('POST', '/api/auth/logout').finally(() => setMe(null));
          }}
        >
          {i18n.t('nav.logout')}
        </button>
      </header>
      <main>
        {current === 'board' && <Board me={me} />}
        {current === 'persons' && <Persons me={me} key={location.hash} initial={location.hash.startsWith('#persons:') ? location.hash.slice('#persons:'.length) : null} />}
        {current === 'records' && <Records me={me} />}
        {current === 'screening' && <Screening me={me} />}
        {current === 'messages' && <Messages me={me} />}
        {current === 'audit' && <Audit />}
        {current === 'admin' && <Admin />}
      </main>
    </I18nContext.Provider>
  );
}
