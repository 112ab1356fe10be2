/** The language context: follows navigator.language, can be switched, is remembered. */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
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

interface I18n { lang: Lang; m: Messages; setLang(lang: Lang): void }

const I18nContext = createContext<I18n>({ lang: 'en', m: en, setLang: () => {} });

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(fixed ?? initialLang);
  const value = useMemo<I18n>(() => ({
    lang,
    m: CATALOGUES[lang],
    setLang: (next) => {
      setLangState(next);
      try { localStorage.setItem(STORAGE_KEY, next); } catch { /* ignore */ }
      document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    },
  }), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = (): I18n => useContext(I18nContext);
