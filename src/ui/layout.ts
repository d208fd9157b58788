import { html, type Html } from '../html.js';
import { AUTONYMS, LOCALES, type Translator } from '../i18n/index.js';

/** Who is signed in, as the pages need to know it. */
export interface Viewer {
  office: string;
  officeName: string;
  /** the session's CSRF token, for every form that posts */
  csrf: string;
}

export interface PageMeta {
  /** the reader's language: every word of the page comes through it */
  t: Translator;
  title: string;
  viewer?: Viewer | undefined;
  /** the path of the current page, to mark its navigation link */
  path?: string;
}

/** The hidden field every posting form carries. */
export const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

function navLink(href: string, label: string, current: string | undefined) {
  return html`<li><a href="${href}"${current === href ? html` aria-current="page"` : ''}>${label}</a></li>`;
}

/** Every page: landmarks, a skip link, the style sheet and the enhancement script. */
export function layout(meta: PageMeta, body: Html): string {
  const { t, viewer, path } = meta;
  const account = viewer
    ? html`${navLink('/office', t.t('nav.myOffice', { office: viewer.officeName }), path)}
        <li><form method="post" action="/sign-out">${csrfField(viewer.csrf)}<button type="submit" class="link">${t.t('nav.signOut')}</button></form></li>`
    : navLink('/sign-in', t.t('nav.signIn'), path);
  return html`<!doctype html>
<html lang="${t.lang}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.t('page.title', { title: meta.title })}</title>
<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/site.js" defer></script>
</head>
<body data-intl-locale="${t.intlLocale}">
<a class="skip-link" href="#main">${t.t('nav.skip')}</a>
<header class="site-header">
  <div class="inner">
    <a class="site-name" href="/">${t.t('site.name')}</a>
    <nav aria-label="${t.t('nav.label')}">
      <ul>
        ${navLink('/', t.t('nav.upcoming'), path)}
        ${navLink('/subscribe', t.t('nav.subscribe'), path)}
        ${navLink('/reports', t.t('nav.reports'), path)}
        ${account}
      </ul>
    </nav>
    ${languageSwitcher(t)}
  </div>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site-footer">
  <div class="inner">
    <p>${t.html('footer.text', {}, { subscribe: (words) => html`<a href="/subscribe">${words}</a>`, api: (words) => html`<a href="/docs">${words}</a>` })}</p>
  </div>
</footer>
</body>
</html>
`.value;
}

/**
 * The six languages, each named in itself, as links to this page in it (`?lang=`, which the
 * server remembers in a cookie; the script keeps the page's own query in the link).
 */
function languageSwitcher(t: Translator): Html {
  return html`<nav class="languages" aria-label="${t.t('nav.languages')}">
      <ul>
        ${LOCALES.map(
          (locale) =>
            html`<li><a href="?lang=${locale}" data-lang-switch="${locale}" hreflang="${locale}" lang="${locale}"${locale === t.locale ? html` aria-current="true"` : html``}>${AUTONYMS[locale]}</a></li>`,
        )}
      </ul>
    </nav>`;
}

export interface Problem {
  status: number;
  title: string;
  message: string;
}

/** An error as a page: what went wrong and where to go from here. */
export function errorPage(t: Translator, problem: Problem, viewer?: Viewer): string {
  return layout(
    { t, title: problem.title, viewer },
    html`<h1>${problem.title}</h1>
<div class="problem" role="alert"><p>${problem.message}</p></div>
<p><a href="/">${t.t('nav.backToUpcoming')}</a></p>`,
  );
}
