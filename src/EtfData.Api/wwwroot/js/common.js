// What every dashboard page shares: API calls, the header and the generated-data banner, number formats with
// units, the "source and as-of date" note on each figure, and the registry through which each chart publishes
// the data it drew (the browser tests compare it with the API's answer). Only the public API is used.

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

/** GET that answers null for a 404 (a figure the API does not have), throwing on other errors. */
export async function getJsonOrNull(path, options) {
  try {
    return await getJson(path, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return null;
    }
    throw error;
  }
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

/** ISO date "2025-03-07" as "Mar 7, 2025" (no time zone shift: the date is a calendar day). */
export function formatDate(iso) {
  if (!iso) return MISSING;
  const [year, month, day] = iso.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
}

// ---- DOM helpers ----

/** Creates an element: el('td', { className: 'num', title: '…' }, 'text', child). */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key in element) element[key] = value;
    else element.setAttribute(key, value);
  }
  element.append(...children.filter(c => c !== null && c !== undefined && c !== false));
  return element;
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

// ---- charts published for tests and for the data table behind each chart ----

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
