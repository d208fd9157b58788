/**
 * The pages' one style sheet and one script, served by the service itself (no CDN, no web
 * fonts). The script is an enhancement only: every page reads and works without it.
 */

export const SITE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.5; }
body { margin: 0; color: #1b1b1b; background: #fff; }
a { color: #0a4b8c; text-decoration: underline; text-underline-offset: 0.15em; }
a:visited { color: #5a2d82; }
a:hover { color: #06305a; text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }
a:focus-visible { background: #ffdd00; color: #1b1b1b; outline: 3px solid #1b1b1b; text-decoration: none; }
input:focus-visible, select:focus-visible, textarea:focus-visible, button:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; box-shadow: 0 0 0 6px #ffdd00; }
.skip-link { position: absolute; inset-inline-start: 0.5rem; top: -4rem; padding: 0.5rem 1rem; background: #ffdd00; color: #1b1b1b; z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.site-header { border-bottom: 4px solid #0a3a6b; }
.site-header .inner, main, .site-footer .inner { max-width: 72rem; margin: 0 auto; padding: 0.75rem 1rem; }
.site-header .inner { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; align-items: center; justify-content: space-between; }
.site-name { font-size: 1.25rem; font-weight: 700; color: #0a3a6b; }
.site-name:visited { color: #0a3a6b; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; align-items: center; }
nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
nav form { display: inline; margin: 0; }
nav.languages ul { gap: 0.25rem 0.9rem; font-size: 0.95rem; }
main { min-height: 60vh; }
main:focus { outline: none; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1rem 0; }
h2 { font-size: 1.4rem; margin: 1.75rem 0 0.75rem; }
h3 { font-size: 1.15rem; margin: 1rem 0 0.25rem; }
/* a title in another script keeps its own direction but stands where the page's headings stand */
html[dir="ltr"] :is(h1, h3)[dir="auto"] { text-align: left; }
html[dir="rtl"] :is(h1, h3)[dir="auto"] { text-align: right; }
.site-footer { margin-top: 3rem; border-top: 1px solid #b1b4b6; background: #f3f2f1; font-size: 0.95rem; }
.notice { border-inline-start: 6px solid #00703c; background: #f3f2f1; padding: 0.75rem 1rem; margin: 1rem 0; }
.problem { border: 4px solid #b10e1e; padding: 0.75rem 1rem; margin: 1rem 0; }
.problem h2 { margin-top: 0; font-size: 1.2rem; }
.clashes { border: 4px solid #8a4b00; padding: 0.75rem 1rem; margin: 1rem 0; }
.clashes h2 { margin-top: 0; font-size: 1.2rem; }
.clashes .occurrence, .clashes .predicted { font-weight: 700; }
.field-problem { color: #b10e1e; font-weight: 700; display: block; }
label, legend { font-weight: 700; display: block; margin-bottom: 0.2rem; }
.hint { color: #484949; display: block; font-size: 0.95rem; margin-bottom: 0.25rem; }
input[type="text"], input[type="search"], input[type="date"], input[type="number"], input[type="password"], input[type="url"], select, textarea {
  font: inherit; color: #1b1b1b; background: #fff; border: 2px solid #1b1b1b; padding: 0.35rem 0.5rem; max-width: 100%;
}
input[type="text"], input[type="url"], input[type="password"], textarea { width: 36rem; }
textarea { min-height: 7rem; }
input[type="checkbox"] { width: 1.25rem; height: 1.25rem; vertical-align: middle; }
.checkbox label { display: inline; font-weight: 400; }
[aria-invalid="true"] { border-color: #b10e1e !important; border-width: 3px !important; }
.field { margin: 0 0 1.1rem; }
fieldset { border: 1px solid #b1b4b6; margin: 0 0 1.25rem; padding: 0.75rem 1rem; }
button, .button { font: inherit; font-weight: 700; color: #fff; background: #0a4b8c; border: 2px solid #0a4b8c; padding: 0.4rem 1rem; cursor: pointer; text-decoration: none; display: inline-block; }
.button:visited { color: #fff; }
.button:hover, button:hover { background: #06305a; color: #fff; }
button.secondary, .button.secondary { color: #0a4b8c; background: #fff; }
button.link { background: none; border: none; color: #0a4b8c; font-weight: 400; text-decoration: underline; padding: 0; }
button.link:hover { color: #06305a; background: none; }
.filters { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; align-items: flex-end; background: #f3f2f1; padding: 1rem; }
.filters .field { margin: 0; }
.filters input[type="text"], .filters input[type="search"] { width: 14rem; }
.filters select { max-width: 20rem; }
.views { margin: 1rem 0; }
.views ul { gap: 0.25rem 1.5rem; }
.views a[aria-current="page"] { color: #1b1b1b; text-decoration-color: #0a3a6b; }
.event-list { list-style: none; margin: 0; padding: 0; }
.event-list > li { border-top: 1px solid #b1b4b6; padding: 0.75rem 0; }
.event-list h3 { margin: 0 0 0.25rem; }
/* TSB's lists of groups, partners and offices: long names and addresses wrap on a phone */
.reference-list > li { overflow-wrap: anywhere; }
.reference-form select, .reference-form input, .reference-form textarea { max-width: 100%; }
.meta { margin: 0.15rem 0; }
.tag { display: inline-block; border: 1px solid #1b1b1b; padding: 0 0.4rem; font-size: 0.9rem; margin-inline-end: 0.35rem; }
.tag.cancelled { background: #b10e1e; color: #fff; border-color: #b10e1e; }
.tag.tentative { background: #fff4c2; }
.tag.internal { background: #e8eefb; border-color: #1d3f8f; color: #1d3f8f; }
/* TSB's holidays page: a row's correction forms sit side by side (the table scrolls in its .table-scroll) */
.holiday-actions form { display: inline-block; margin: 0.15rem 0.25rem 0.15rem 0; }
.holiday-actions input[type='date'] { width: auto; }
.viewer-time { display: block; color: #484949; }
.description { white-space: pre-line; }
table { border-collapse: collapse; width: 100%; }
figure.chart { margin: 1rem 0; display: flex; flex-wrap: wrap; gap: 1rem; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart figcaption { flex-basis: 100%; }
th, td { text-align: start; vertical-align: top; border: 1px solid #b1b4b6; padding: 0.35rem 0.5rem; }
thead th { background: #f3f2f1; }
.month { table-layout: fixed; }
.month td { height: 6rem; width: 14.28%; font-size: 0.9rem; }
.month td.outside { background: #f8f8f8; }
.month .day { font-weight: 700; display: block; }
.month ul { list-style: none; margin: 0; padding: 0; }
.month li { margin: 0.15rem 0; }
.month del { color: #484949; }
.month .lane, .month .bar { height: 1.6rem; line-height: 1.6rem; margin: 0.15rem 0; }
/* a bar is a row: its marks stay in sight and only the title gives way, cut at its own end (a Latin
   title in an Arabic page loses its last words, not its first) */
.month .bar { position: relative; z-index: 1; display: flex; gap: 0.3em; padding: 0 0.4rem; background: #dde9f5; border-inline-start: 4px solid #0a4b8c; white-space: nowrap; overflow: hidden; }
.month .bar a, .month .bar del { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.month .bar del { display: flex; }
.month .bar .goes-on { flex-shrink: 0; }
.month .bar .goes-on:last-child { margin-inline-start: auto; }
/* ◂ and ▸ point to the earlier and later days: in a right-to-left grid those are on the other side */
[dir="rtl"] .month .goes-on { transform: scaleX(-1); }
.month .bar.before { border-inline-start: 0; }
.month .bar.after { border-inline-end: 0; }
.month .bar.cancelled { background: #eeeeee; border-inline-start-color: #484949; }
.month .goes-on { color: #0a3a6b; font-weight: 700; }
.month .more { display: block; font-weight: 700; margin-top: 0.15rem; }
${[2, 3, 4, 5, 6, 7].map((n) => `.month .span-${n} { width: calc(${n * 100}% + ${n - 1} * (1rem + 1px)); }`).join('\n')}
dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.figures dt { font-weight: 700; }
dl.figures dd { margin: 0; }
.countries .country-list { list-style: none; margin: 0.5rem 0 0; padding: 0.25rem 0.5rem; max-height: 18rem; overflow-y: auto; border: 1px solid #b1b4b6; }
.countries .country-list li { display: flex; gap: 0.5rem; align-items: center; padding: 0.2rem 0; }
.countries .country-list input { width: 1.25rem; height: 1.25rem; flex: none; margin: 0; }
.countries .country-list label { font-weight: 400; margin: 0; }
.feeds { list-style: none; padding: 0; }
.feeds > li { border-top: 1px solid #b1b4b6; padding: 0.6rem 0; }
.feed-url { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: center; margin: 1rem 0; }
.pager { display: flex; gap: 2rem; margin: 1rem 0; }
.translations h3 { font-size: 1rem; margin: 0 0 0.2rem; }
.tabs { display: flex; flex-wrap: wrap; gap: 0.25rem; border-block-end: 1px solid #b1b4b6; margin-block: 0.75rem; }
.tabs [role="tab"] { background: #f3f2f1; color: #0b0c0c; border: 1px solid #b1b4b6; border-block-end: none; margin: 0; padding: 0.4rem 0.8rem; font-weight: 400; box-shadow: none; }
.tabs [role="tab"][aria-selected="true"] { background: #fff; font-weight: 700; margin-block-end: -1px; padding-block-end: calc(0.4rem + 1px); }
.tabbed [role="tabpanel"] { border: none; padding: 0; margin: 0; }
.tabbed [role="tabpanel"] > legend { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) { .month td { height: auto; font-size: 0.8rem; } h1 { font-size: 1.5rem; } }

/* ---- phones (i23-phone): no page wider than a 360 px screen ------------------------------------
   a fieldset would be as wide as its widest option; long words and links break; a table scrolls
   inside its own box (.table-scroll, focusable), never the page */
fieldset { min-inline-size: 0; }
img, svg, video { max-width: 100%; }
select { max-width: 100%; }
code, .secret-link, .feed-url { overflow-wrap: anywhere; }
main, .site-header, .site-footer { overflow-wrap: break-word; }
.filters > * { min-width: 0; max-width: 100%; }
/* positioned, so that what is absolutely placed inside (a visually hidden word) scrolls with it, not widening the page */
.table-scroll { overflow-x: auto; max-width: 100%; position: relative; }
.table-scroll:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }
@media (max-width: 40rem) {
  .site-header .inner { gap: 0.5rem 1rem; }
  .filters { padding: 0.75rem; }
  .filters > .field, .filters input[type="text"], .filters input[type="search"], .filters select { width: 100%; }
  input[type="text"], input[type="url"], input[type="password"], textarea { width: 100%; }
  .pager { gap: 1rem; flex-wrap: wrap; }
  /* the form's side-by-side controls (how often, every how many) stack on a phone */
  .field.inline { display: block; margin-inline-end: 0; max-width: 100%; }
  .field.inline select { width: 100%; }
}

/* ---- the month (i23-phone): today, whose time, and a list of days on narrow screens ----------- */
.month td.today { background: #eef4fb; box-shadow: inset 0 0 0 3px #0a3a6b; }
.today-mark { display: inline-block; background: #0a3a6b; color: #fff; font-size: 0.8rem; font-weight: 700; padding: 0 0.35rem; margin-inline-start: 0.25rem; }
.month .zone, .day-list .zone { font-size: 0.85em; font-weight: 700; color: #0a3a6b; }
.zone-note { color: #484949; }
.month-controls select { max-width: 16rem; }
.day-list { display: none; list-style: none; margin: 0; padding: 0; }
.day-list > li { border-top: 1px solid #b1b4b6; padding: 0.5rem 0; }
.day-list > li.today { border-inline-start: 4px solid #0a3a6b; padding-inline-start: 0.5rem; background: #eef4fb; }
.day-list h3 { font-size: 1rem; margin: 0 0 0.25rem; }
.day-list ul { list-style: none; margin: 0; padding: 0; }
.day-list ul li { margin: 0.2rem 0; }
.day-list .days { color: #484949; }
@media (max-width: 40rem) {
  table.month { display: none; }
  .day-list { display: block; }
  .month-controls select { max-width: 100%; }
}
/* ---- i23-forms: the event form's date, time, repeat and reminder controls; cancel and occurrence actions */
.datetime-parts { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; }
.datetime-parts .field { margin: 0; }
fieldset.datetime, fieldset.repeat, fieldset.reminders, fieldset.radios, fieldset.repeat fieldset, fieldset.offsets { margin: 0 0 1rem; padding: 0.5rem 0.75rem; }
fieldset.radios .field.radio, .field.radio { margin: 0.35rem 0; }
.field.radio > label, .checkbox > label { display: inline; font-weight: 400; }
.field.radio > .hint { margin-inline-start: 1.75rem; }
input[type="radio"] { width: 1.25rem; height: 1.25rem; vertical-align: middle; margin-inline-end: 0.4rem; }
input[type="time"] { font: inherit; color: #1b1b1b; background: #fff; border: 2px solid #1b1b1b; padding: 0.35rem 0.5rem; max-width: 100%; }
input.short { width: 6rem; max-width: 100%; }
.field.inline { display: inline-block; margin: 0.25rem 1rem 0.25rem 0; vertical-align: bottom; }
.field.radio > .field.inline { margin-inline-start: 1.75rem; }
.weekdays .checkbox, .offsets .checkbox { display: inline-block; margin: 0.2rem 1rem 0.2rem 0; white-space: nowrap; }
.rule-words { background: #f3f2f1; padding: 0.5rem 0.75rem; }
details summary { cursor: pointer; color: #0a4b8c; text-decoration: underline; margin: 0.5rem 0; }
textarea#f-notify { min-height: 4rem; }
form.inline { display: inline; margin: 0; }
.occurrence-actions { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: center; }
.occurrence-actions button { padding: 0.15rem 0.6rem; }
button.danger { background: #b10e1e; border-color: #b10e1e; }
button.danger:hover { background: #7d0a15; }
.recipients { padding-inline-start: 1.5rem; }
.recipients li { overflow-wrap: anywhere; }
/* ---- end i23-forms */
`;

export const SITE_JS = `
(function () {
  'use strict';
  var viewerZone;
  try { viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  // the page's language and its words come from the page (the script has no catalog of its own)
  var locale = document.body.getAttribute('data-intl-locale') || undefined;
  // the same shape as the server's: Intl's range in the page's language
  function range(start, end, zone) {
    return new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
      .formatRange(new Date(start), new Date(end));
  }
  // the event's time in the reader's own zone, where it differs; otherwise the UTC line goes away
  document.querySelectorAll('[data-viewer-time]').forEach(function (el) {
    var start = el.getAttribute('data-start'), end = el.getAttribute('data-end'), zone = el.getAttribute('data-zone');
    try {
      var mine = range(start, end, viewerZone);
      if (mine === range(start, end, zone)) { el.hidden = true; return; }
      el.textContent = el.getAttribute('data-template').replace('{zone}', viewerZone).replace('{when}', mine);
    } catch (e) { /* the UTC line stays */ }
  });
  // the month's "times in" (i23-phone): the reader's own zone as the first choice after "each event's own"
  document.querySelectorAll('select[data-your-zone]').forEach(function (select) {
    var option = document.createElement('option');
    option.value = viewerZone;
    option.textContent = select.getAttribute('data-your-zone').replace('{zone}', viewerZone.replace(/_/g, ' '));
    option.setAttribute('data-your-zone-option', '');
    var chosen = select.value === viewerZone;
    select.insertBefore(option, select.options[1] || null);
    if (chosen) select.value = viewerZone, option.selected = true;
  });
  // the language switcher keeps the page's own query (filters, the month shown) beside lang=
  document.querySelectorAll('a[data-lang-switch]').forEach(function (link) {
    var url = new URL(window.location.href);
    url.searchParams.set('lang', link.getAttribute('data-lang-switch'));
    link.setAttribute('href', url.pathname + url.search);
  });
  // the event form's translations as tabs, one per language (without the script, one after the other)
  document.querySelectorAll('[data-tabs]').forEach(function (box, n) {
    var panels = Array.prototype.slice.call(box.querySelectorAll('[data-tab-panel]'));
    if (panels.length < 2) return;
    var list = document.createElement('div');
    list.setAttribute('role', 'tablist');
    list.className = 'tabs';
    var heading = box.querySelector('h3');
    if (heading) { heading.id = heading.id || 'tabs-' + n; list.setAttribute('aria-labelledby', heading.id); }
    var tabs = panels.map(function (panel, i) {
      var legend = panel.querySelector('legend');
      var tab = document.createElement('button');
      tab.type = 'button';
      tab.setAttribute('role', 'tab');
      tab.id = 'tab-' + n + '-' + i;
      panel.id = panel.id || 'panel-' + n + '-' + i;
      tab.setAttribute('aria-controls', panel.id);
      tab.setAttribute('lang', panel.getAttribute('lang') || '');
      tab.textContent = legend ? legend.textContent : String(i + 1);
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      list.appendChild(tab);
      return tab;
    });
    function select(i, focus) {
      tabs.forEach(function (tab, j) {
        tab.setAttribute('aria-selected', String(i === j));
        tab.tabIndex = i === j ? 0 : -1;
        panels[j].hidden = i !== j;
      });
      if (focus) tabs[i].focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener('click', function () { select(i, false); });
      tab.addEventListener('keydown', function (e) {
        // the arrows follow the page's direction: in Arabic the next tab is on the left
        var rtl = getComputedStyle(list).direction === 'rtl';
        var step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, Home: -i, End: tabs.length - 1 - i }[e.key];
        if (step === undefined) return;
        e.preventDefault();
        select((i + step + tabs.length) % tabs.length, true);
      });
    });
    box.insertBefore(list, panels[0]);
    box.classList.add('tabbed');
    // the panel with a problem in it is the one shown
    var invalid = panels.findIndex(function (p) { return p.querySelector('[aria-invalid]'); });
    select(invalid >= 0 ? invalid : 0, false);
  });
  // ---- i23-forms: an all-day event has dates only; the repeat controls show what applies, and the rule in words as it is built
  document.querySelectorAll('form').forEach(function (form) {
    var allDay = form.querySelector('input[name="allDay"]');
    if (allDay) {
      var times = function () { form.querySelectorAll('[data-time]').forEach(function (el) { el.hidden = allDay.checked; }); };
      allDay.addEventListener('change', times);
      times();
    }
    var repeat = form.querySelector('[data-repeat]');
    if (!repeat) return;
    var freq = repeat.querySelector('select[name="repeat.freq"]');
    var words = repeat.querySelector('[data-rule-words]');
    var raw = form.querySelector('input[name="recurrence"]');
    var shown = form.querySelector('input[name="recurrence.shown"]');
    var parts = function () {
      repeat.querySelectorAll('[data-repeat-part]').forEach(function (el) {
        el.hidden = el.getAttribute('data-repeat-part').split(' ').indexOf(freq.value) < 0;
      });
    };
    var asked = 0;
    // the words come from the server (the one mapping and the one source of words); nothing is built here
    var ask = function (event) {
      if (event && event.target === raw) return;
      parts();
      var query = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (name === 'csrf' || typeof value !== 'string') return;
        if (name.indexOf('repeat.') === 0 || name.indexOf('start.') === 0 || name.indexOf('end.') === 0 || name === 'allDay' || name === 'timeZone') query.append(name, value);
      });
      // the controls speak: the advanced field follows them
      query.append('recurrence', shown ? shown.value : '');
      query.append('recurrence.shown', shown ? shown.value : '');
      if (freq.value === 'custom') { query.set('recurrence', raw ? raw.value : ''); }
      var mine = ++asked;
      fetch('/events/rule-words?' + query.toString(), { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) {
          if (!answer || mine !== asked) return;
          words.textContent = answer.words;
          if (freq.value !== 'custom' && raw && shown) { raw.value = answer.rule || ''; shown.value = answer.rule || ''; }
        })
        .catch(function () { /* the words stay as the server last said them */ });
    };
    form.addEventListener('change', ask);
    parts();
  });
  // copy buttons: hidden without the script, since the link can be copied by hand there
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var status = document.getElementById(button.getAttribute('data-status'));
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = button.getAttribute('data-copy');
      var done = function () { if (status) status.textContent = button.getAttribute('data-copied'); };
      var fallback = function () {
        var area = document.createElement('textarea');
        area.value = text; area.setAttribute('readonly', ''); area.style.position = 'absolute'; area.style.left = '-9999px';
        document.body.appendChild(area); area.select();
        try { document.execCommand('copy'); done(); } catch (e) { if (status) status.textContent = button.getAttribute('data-copy-failed'); }
        document.body.removeChild(area);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    });
  });
  // the figures form's country filter: hidden without the script, where the whole list is there
  // to tick; it narrows the list to the names (in the page's language) or codes typed, ticked
  // countries always shown
  document.querySelectorAll('[data-country-filter]').forEach(function (box) {
    var fieldset = box.closest('fieldset');
    var input = box.querySelector('input');
    var none = fieldset.querySelector('[data-country-none]');
    var items = Array.prototype.slice.call(fieldset.querySelectorAll('li[data-country]'));
    var fold = function (s) { return s.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase().trim(); };
    box.hidden = false;
    input.addEventListener('input', function () {
      var typed = fold(input.value);
      var shown = 0;
      items.forEach(function (item) {
        var match = !typed || item.getAttribute('data-country').indexOf(typed) >= 0 || item.querySelector('input').checked;
        item.hidden = !match;
        if (match) shown++;
      });
      none.hidden = shown > 0;
    });
    input.addEventListener('keydown', function (e) { if (e.key === 'Enter') e.preventDefault(); });
  });
})();
`;
