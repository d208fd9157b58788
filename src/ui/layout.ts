import { html, type Html } from './html.js';

/** Who is signed in, as the pages need to know it. */
export interface Viewer {
  office: string;
  officeName: string;
  /** the session's CSRF token, for every form that posts */
  csrf: string;
}

export interface PageMeta {
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
  const { viewer, path } = meta;
  const account = viewer
    ? html`${navLink('/office', `My office (${viewer.officeName})`, path)}
        <li><form method="post" action="/sign-out">${csrfField(viewer.csrf)}<button type="submit" class="link">Sign out</button></form></li>`
    : navLink('/sign-in', 'Office sign-in', path);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title} – ITU-T regional events</title>
<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/site.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="inner">
    <a class="site-name" href="/">ITU-T regional events</a>
    <nav aria-label="Main">
      <ul>
        ${navLink('/', 'Upcoming events', path)}
        ${navLink('/subscribe', 'Subscribe', path)}
        ${navLink('/reports', 'Reports', path)}
        ${account}
      </ul>
    </nav>
  </div>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site-footer">
  <div class="inner">
    <p>Events of the ITU-T regional presence, held with the ITU regional and area offices.
    Feeds for calendar apps: <a href="/subscribe">subscribe</a>. For programs: <a href="/docs">the API</a>.</p>
  </div>
</footer>
</body>
</html>
`.value;
}

export interface Problem {
  status: number;
  title: string;
  message: string;
}

/** An error as a page: what went wrong and where to go from here. */
export function errorPage(problem: Problem, viewer?: Viewer): string {
  return layout(
    { title: problem.title, viewer },
    html`<h1>${problem.title}</h1>
<div class="problem" role="alert"><p>${problem.message}</p></div>
<p><a href="/">Back to the upcoming events</a></p>`,
  );
}
