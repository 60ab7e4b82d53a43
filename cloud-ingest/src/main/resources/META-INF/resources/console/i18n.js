// Labels in Chinese and English, one dictionary per language. Chinese for a Chinese browser,
// English otherwise; the choice made on the page is kept in this browser.
import en from './i18n/en.js';
import zh from './i18n/zh.js';

export const dictionaries = { en, zh };
const KEY = 'citysense.lang';

export function initialLanguage() {
  const kept = localStorage.getItem(KEY);
  if (kept && dictionaries[kept]) return kept;
  const browser = (navigator.languages && navigator.languages[0]) || navigator.language || '';
  return browser.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function keepLanguage(lang) {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/** Whether lang has a label for key (for names that may or may not have one, e.g. detail keys). */
export function hasLabel(lang, key) {
  return dictionaries[lang][key] !== undefined;
}

/** The label for key in lang, {name} replaced from vars; a missing label shows as ⟦key⟧. */
export function translate(lang, key, vars) {
  let text = dictionaries[lang][key];
  if (text === undefined) {
    (window.__missingLabels = window.__missingLabels || []).push(lang + ':' + key);
    return '⟦' + key + '⟧';
  }
  if (vars) {
    for (const [name, value] of Object.entries(vars)) text = text.replaceAll('{' + name + '}', value);
  }
  return text;
}
