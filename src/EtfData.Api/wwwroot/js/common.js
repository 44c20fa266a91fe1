// What every dashboard page shares: API calls, the header and the generated-data banner, number formats with
// units, the "source and as-of date" note on each figure, the builders of figures, tables, toggle buttons and charts,
// and the registry through which each chart publishes the data it drew (the browser tests compare it with the API's
// answer). Only the public API is used.
import * as echarts from '/vendor/echarts.esm.min.mjs';

/** A failed API call, carrying the ProblemDetails' title/detail when the API sent one. */
export class ApiError extends Error {
  constructor(path, status, problem) {
    super(problem?.detail || problem?.title || `${path} answered ${status}`);
    this.name = 'ApiError';
    this.path = path;
    this.status = status;
    this.problem = problem ?? null;
  }
}

async function readProblem(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** GET a JSON answer of the API; throws ApiError on a non-2xx answer. */
export async function getJson(path, { signal } = {}) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) {
    throw new ApiError(path, response.status, await readProblem(response));
  }
  return response.json();
}

/** POST a JSON body; throws ApiError on a non-2xx answer. */
export async function postJson(path, body, { signal } = {}) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    throw new ApiError(path, response.status, await readProblem(response));
  }
  return response.json();
}

/** Builds `path?k=v&...`, leaving out null/undefined/empty values. */
export function apiPath(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/**
 * Search-as-you-type over `GET /api/etfs?q=` (sorted by symbol, `pageSize` matches): each call cancels the request
 * of the call before it, whose promise then rejects with an AbortError; `cancel()` drops the pending one.
 */
export function etfSearch(pageSize) {
  let pending = null;
  const search = query => {
    pending?.abort();
    pending = new AbortController();
    return getJson(apiPath('/api/etfs', { q: query, pageSize, sort: 'symbol' }), { signal: pending.signal });
  };
  search.cancel = () => pending?.abort();
  return search;
}

// ---- formats (en-US, explicit units) ----

const compactUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 2 });
const plainUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compactNumber = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/** "—" for a missing value. */
export const MISSING = '—';

/** Large dollar amounts: "$1.23B", "−$45.6M" (AUM, flows, market values). */
export function formatUsdCompact(value) {
  if (value === null || value === undefined) return MISSING;
  const text = compactUsd.format(Math.abs(value));
  return value < 0 ? `−${text}` : text;
}

/** Prices and per-share amounts: "$512.34". */
export function formatUsd(value) {
  if (value === null || value === undefined) return MISSING;
  const text = plainUsd.format(Math.abs(value));
  return value < 0 ? `−${text}` : text;
}

/** A signed dollar flow: "+$1.2B" / "−$300M". */
export function formatSignedUsdCompact(value) {
  if (value === null || value === undefined) return MISSING;
  return value > 0 ? `+${formatUsdCompact(value)}` : formatUsdCompact(value);
}

/** A value already in percent (1.5 = 1.5 %): "1.50 %"; `signed` adds "+". */
export function formatPercent(value, { digits = 2, signed = false } = {}) {
  if (value === null || value === undefined) return MISSING;
  const text = `${Math.abs(value).toFixed(digits)} %`;
  if (value < 0) return `−${text}`;
  return signed && value > 0 ? `+${text}` : text;
}

/** A fraction (0.0009) as percent: "0.09 %". */
export function formatFractionAsPercent(value, options) {
  if (value === null || value === undefined) return MISSING;
  return formatPercent(value * 100, options);
}

/** Whole counts: "12,345". */
export function formatInteger(value) {
  return value === null || value === undefined ? MISSING : integer.format(value);
}

/** Share counts and volumes: "1.2M shares" when `unit` is given. */
export function formatCompact(value, unit = '') {
  if (value === null || value === undefined) return MISSING;
  return unit ? `${compactNumber.format(value)} ${unit}` : compactNumber.format(value);
}

/** ISO date (or month) "2025-03-31" as its month "Mar 2025". */
export function formatMonth(iso) {
  const [year, month] = iso.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short' });
}

/** ISO date "2025-03-07" as "Mar 7, 2025" (no time zone shift: the date is a calendar day). */
export function formatDate(iso) {
  if (!iso) return MISSING;
  const [year, month, day] = iso.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
}

// ---- DOM helpers ----

// A property the element can be assigned (read-only ones such as `list` or `form` only have an attribute).
function settable(element, key) {
  for (let proto = element; proto; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    if (descriptor) return descriptor.writable === true || descriptor.set !== undefined;
  }
  return false;
}

/** Creates an element: el('td', { className: 'num', title: '…' }, 'text', child); read-only properties become attributes. */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key in element && settable(element, key)) element[key] = value;
    else element.setAttribute(key, value);
  }
  element.append(...children.filter(c => c !== null && c !== undefined && c !== false));
  return element;
}

/** Text safe inside the HTML of an ECharts tooltip. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** 'up' above zero, 'down' below, '' for zero or a missing value: the class that colours a signed figure. */
export function signClass(value) {
  if (value === null || value === undefined || value === 0) return '';
  return value > 0 ? 'up' : 'down';
}

/** A numeric cell coloured by the sign of `value`: <td class="num up">text</td>. */
export function numberCell(text, value, props = {}) {
  return el('td', { className: `num ${signClass(value)}`.trim(), ...props }, text);
}

/** A figure of a `.figures` list: <div data-figure=key><dt>label</dt><dd>value</dd></div>, the value described by `source`. */
export function figure(key, label, value, source) {
  const dd = el('dd', {}, value);
  if (source) describeSource(dd, source);
  return el('div', { dataset: key ? { figure: key } : null }, el('dt', {}, label), dd);
}

/**
 * A real table. `headers`: { label, num, rowHeader } (rowHeader: the first cell of each row is a <th scope=row>).
 * `rows`: <tr> nodes, or arrays of cells — a string or node (put in a cell), a ready <td>/<th>, or { text, className }.
 */
export function table(caption, headers, rows, { captionHidden = false } = {}) {
  const head = el('tr', {}, ...headers.map(h => el('th', { scope: 'col', className: h.num ? 'num' : '' }, h.label)));
  const cell = (value, header, index) => {
    if (value instanceof HTMLTableCellElement) return value;
    const tag = index === 0 && header.rowHeader ? 'th' : 'td';
    const props = { className: [header.num ? 'num' : '', value?.className ?? ''].join(' ').trim() };
    if (tag === 'th') props.scope = 'row';
    const content = value !== null && typeof value === 'object' && !(value instanceof Node) ? value.text : value;
    return el(tag, props, content ?? MISSING);
  };
  return el('table', {},
    el('caption', { className: captionHidden ? 'visually-hidden' : '' }, caption),
    el('thead', {}, head),
    el('tbody', {}, ...rows.map(row => (row instanceof Node ? row : el('tr', {}, ...row.map((value, i) => cell(value, headers[i], i)))))));
}

/** The numbers behind a chart as text: <details class="data-table"><summary>Data table</summary> and a scrolling table. */
export function dataTable(caption, headers, rows, options) {
  return el('details', { className: 'data-table' },
    el('summary', {}, 'Data table'),
    el('div', { className: 'table-wrap' }, table(caption, headers, rows, options)));
}

/** A toggle button (type=button, aria-pressed) calling `onClick` when pressed. */
export function toggleButton(label, pressed, onClick, props = {}) {
  const button = el('button', { type: 'button', ...props, 'aria-pressed': String(pressed) }, label);
  if (onClick) button.addEventListener('click', onClick);
  return button;
}

/** Marks `active` pressed and the other buttons of its group not pressed. */
export function setPressed(buttons, active) {
  for (const button of buttons) button.setAttribute('aria-pressed', String(button === active));
}

/** The ProblemDetails of a failed call as text: its detail, else the validation messages, else the error's message. */
export function problemText(error) {
  const problem = error instanceof ApiError ? error.problem : null;
  if (problem?.detail) return problem.detail;
  if (problem?.errors) return Object.values(problem.errors).flat().join(' ');
  return error.message;
}

/**
 * Marks a figure with where it comes from: the source and the day it describes appear on hover and keyboard
 * focus (title) and for screen readers (aria-description).
 */
export function describeSource(element, { source, asOf, note } = {}) {
  const parts = [];
  if (source) parts.push(`Source: ${source}`);
  if (asOf) parts.push(`as of ${formatDate(asOf)}`);
  if (note) parts.push(note);
  if (parts.length > 0) {
    const text = parts.join(', ');
    element.title = text;
    element.setAttribute('aria-description', text);
    element.classList.add('sourced');
    if (!element.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(element.tagName)) {
      element.tabIndex = 0;
    }
  }
  return element;
}

/** Shows a message in a section's status line (role=status) and marks the section for tests. */
export function showStatus(container, message, kind = 'info') {
  let status = container.querySelector(':scope > .status');
  if (!status) {
    status = el('p', { className: 'status', role: 'status' });
    container.append(status);
  }
  status.textContent = message;
  status.dataset.kind = kind;
  return status;
}

/** Runs a section's loader; an error becomes a readable message in that section instead of breaking the page. */
export async function loadSection(container, loader) {
  container.setAttribute('aria-busy', 'true');
  try {
    await loader();
  } catch (error) {
    if (error.name === 'AbortError') return;
    showStatus(container, `Could not load: ${error.message}`, 'error');
    container.dataset.error = error.message;
  } finally {
    container.removeAttribute('aria-busy');
    container.dataset.loaded = 'true';
  }
}

// ---- charts: drawing, and what each drew, published for tests and for the data table behind it ----

/**
 * Draws (or redraws, replacing the option) an ECharts chart in `container` and keeps it sized with the container.
 * Answers the chart.
 */
export function drawChart(container, option) {
  const existing = echarts.getInstanceByDom(container);
  const chart = existing ?? echarts.init(container, null, { renderer: 'canvas' });
  chart.setOption(option, { notMerge: true });
  if (existing) chart.resize(); // the container may have changed size (shown again, taller) since the last draw
  else new ResizeObserver(() => chart.resize()).observe(container);
  return chart;
}

/**
 * The options every lightweight-charts chart starts from (white background, COLORS grid, en-US); `extra` adds
 * to layout and localization and sets other keys. (The library is imported by the pages that draw time series.)
 */
export function timeChartOptions(extra = {}) {
  return {
    autoSize: true,
    ...extra,
    // The TradingView attribution the licence asks for is in every page's footer, with its link, rather than a logo
    // link inside each chart (a focusable element inside a role="img" chart).
    layout: { background: { color: '#ffffff' }, textColor: COLORS.text, fontFamily: 'system-ui, sans-serif', attributionLogo: false, ...extra.layout },
    grid: { vertLines: { color: COLORS.grid }, horzLines: { color: COLORS.grid } },
    rightPriceScale: { borderColor: COLORS.grid },
    timeScale: { borderColor: COLORS.grid },
    localization: { locale: 'en-US', ...extra.localization },
  };
}

const registry = (window.etfdata ??= { charts: {} });

/**
 * Records what a chart drew: `data` is the array of plotted items (one per point, bar or cell) as plain JSON.
 * The container gets data-chart=<name>, data-points=<count> and data-ready=true; window.etfdata.charts[name]
 * holds the items, so the browser tests compare them with the API's answer without reading pixels.
 */
export function publishChart(name, container, data, extra = {}) {
  registry.charts[name] = { points: data.length, data, ...extra };
  container.dataset.chart = name;
  container.dataset.points = String(data.length);
  container.dataset.ready = 'true';
}

// ---- page chrome ----

const PAGES = [
  { href: '/', label: 'Home' },
  { href: '/overlap.html', label: 'Overlap' },
  { href: '/lookthrough.html', label: 'Look-through' },
  { href: '/swagger', label: 'API (Swagger UI)' },
];

/** The shared header (nav with the current page marked) and the generated-data banner from /api/health. */
export async function initPage() {
  const nav = document.getElementById('site-nav');
  if (nav) {
    const here = location.pathname === '/index.html' ? '/' : location.pathname;
    nav.replaceChildren(el('ul', {}, ...PAGES.map(page =>
      el('li', {}, el('a', { href: page.href, ...(page.href === here ? { 'aria-current': 'page' } : {}) }, page.label)))));
  }
  const banner = document.getElementById('demo-banner');
  try {
    const health = await getJson('/api/health');
    if (banner) banner.hidden = health.dataset !== 'demo';
    return health;
  } catch {
    if (banner) banner.hidden = true;
    return null;
  }
}

/** Link to an ETF's page. */
export function etfHref(symbol) {
  return `/etf.html?symbol=${encodeURIComponent(symbol)}`;
}

/** Colors with at least 4.5:1 contrast on white, shared by charts and tables. */
export const COLORS = {
  text: '#1a1a1a',
  muted: '#4a4a4a',
  grid: '#e3e3e3',
  accent: '#0b4f9c',
  up: '#0a7a3d',
  down: '#b3261e',
  neutral: '#5b5b5b',
};
