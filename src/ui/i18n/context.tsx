/**
 * The language context: follows navigator.language, can be switched, is remembered. The page
 * keeps the language in its store (a link's `&lang=` sets it, the address bar carries it) and
 * passes it here with `onLang`; tests may pass a fixed `lang` alone.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Lang } from '../../protocols/explain';
import { en, type Messages } from './en';
import { zh } from './zh';

export const CATALOGUES: Record<Lang, Messages> = { en, zh };
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', zh: '简体中文' };
const STORAGE_KEY = 'consensus-lab.lang';

export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch { /* storage may be unavailable */ }
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return nav.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Remember the user's own choice for the next visit. */
function remember(lang: Lang): void {
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* ignore */ }
}

interface I18n { lang: Lang; m: Messages; setLang(lang: Lang): void }

const I18nContext = createContext<I18n>({ lang: 'en', m: en, setLang: () => {} });

export function I18nProvider({ children, lang: given, onLang }: { children: ReactNode; lang?: Lang; onLang?: (lang: Lang) => void }) {
  const [own, setOwn] = useState<Lang>(given ?? initialLang);
  const lang = onLang && given ? given : own;
  useEffect(() => { document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; }, [lang]);
  const value = useMemo<I18n>(() => ({
    lang,
    m: CATALOGUES[lang],
    setLang: (next) => {
      remember(next);
      if (onLang) onLang(next); else setOwn(next);
    },
  }), [lang, onLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = (): I18n => useContext(I18nContext);
