// Home page: search-as-you-type, the ETF list (the API's own sort, filters and pages), top inflows and outflows
// with the category flow bars over 5 or 20 days, and the latest alerts. Only the public API is used.
import {
  COLORS, MISSING, apiPath, dataTable, describeSource, drawChart, el, etfHref, etfSearch, formatDate, formatFractionAsPercent, formatInteger, formatPercent,
  formatSignedUsdCompact, formatUsd, formatUsdCompact, getJson, initPage, loadSection, numberCell, publishChart, setPressed,
  showStatus, signClass,
} from './common.js';

// ---- search ----

const search = document.getElementById('search');
const results = document.getElementById('results');
const searchStatus = document.getElementById('search-status');

const searchEtfs = etfSearch(20);
let searchTimer = 0;

async function runSearch(text) {
  const query = text.trim();
  if (query === '') {
    searchEtfs.cancel();
    results.replaceChildren();
    searchStatus.textContent = '';
    return;
  }
  try {
    const page = await searchEtfs(query);
    results.replaceChildren(...page.items.map(etf =>
      el('li', { dataset: { symbol: etf.symbol } },
        el('a', { href: etfHref(etf.symbol) }, el('span', { className: 'symbol' }, etf.symbol), etf.name ?? ''))));
    searchStatus.textContent = page.total === 0
      ? `No ETF matches “${query}”.`
      : `${page.total} ETF${page.total === 1 ? '' : 's'} match${page.total === 1 ? 'es' : ''} “${query}”${page.total > page.items.length ? `; the first ${page.items.length} are listed` : ''}.`;
  } catch (error) {
    if (error.name !== 'AbortError') {
      searchStatus.textContent = `Search failed: ${error.message}`;
    }
  }
}

search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => runSearch(search.value), 150);
});

// Enter opens the first result; arrow keys move through the links.
search.addEventListener('keydown', event => {
  const first = results.querySelector('a');
  if (event.key === 'Enter' && first) {
    event.preventDefault();
    first.click();
  } else if (event.key === 'ArrowDown' && first) {
    event.preventDefault();
    first.focus();
  }
});
results.addEventListener('keydown', event => {
  const links = [...results.querySelectorAll('a')];
  const index = links.indexOf(document.activeElement);
  if (index < 0) return;
  if (event.key === 'ArrowDown' && index < links.length - 1) {
    event.preventDefault();
    links[index + 1].focus();
  } else if (event.key === 'ArrowUp') {
    event.preventDefault();
    (index === 0 ? search : links[index - 1]).focus();
  }
});

// ---- ETF list ----

const listSection = document.getElementById('etf-list');
const listBody = document.querySelector('#etf-table tbody');
const listSummary = document.getElementById('etf-list-summary');
const filters = document.getElementById('etf-filters');
const pageInfo = document.getElementById('page-info');
const pagePrev = document.getElementById('page-prev');
const pageNext = document.getElementById('page-next');
const pageSizeSelect = document.getElementById('page-size');
const sortHeaders = [...document.querySelectorAll('#etf-table th[data-sort]')];

const SORT_KEYS = sortHeaders.map(th => th.dataset.sort);
const FILTER_KEYS = ['category', 'issuer', 'assetClass', 'minAum', 'active'];
const PAGE_SIZES = [...pageSizeSelect.options].map(o => Number(o.value));
// The universe's distinct categories, issuers and asset classes are read from its largest ETFs (one request).
const MAX_PAGE_SIZE = 500;

/** The list's state, kept in the address (?sort=-aum&category=…) so a view can be bookmarked. */
const list = { sort: 'symbol', page: 1, pageSize: PAGE_SIZES[0], category: '', issuer: '', assetClass: '', minAum: '', active: '' };
let pendingList = null;

function readListState() {
  const params = new URLSearchParams(location.search);
  const sort = params.get('sort') ?? '';
  if (SORT_KEYS.includes(sort.replace(/^-/, ''))) list.sort = sort;
  for (const key of FILTER_KEYS) list[key] = params.get(key) ?? '';
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) list.page = page;
  const size = Number(params.get('pageSize'));
  if (Number.isInteger(size) && size >= 1 && size <= MAX_PAGE_SIZE) list.pageSize = size;
}

function writeListState() {
  const params = new URLSearchParams();
  if (list.sort !== 'symbol') params.set('sort', list.sort);
  for (const key of FILTER_KEYS) if (list[key] !== '') params.set(key, list[key]);
  if (list.page > 1) params.set('page', String(list.page));
  if (list.pageSize !== PAGE_SIZES[0]) params.set('pageSize', String(list.pageSize));
  const query = params.toString();
  history.replaceState(null, '', query === '' ? location.pathname : `${location.pathname}?${query}`);
}

function showSortState() {
  const key = list.sort.replace(/^-/, '');
  const descending = list.sort.startsWith('-');
  for (const th of sortHeaders) {
    const active = th.dataset.sort === key;
    th.setAttribute('aria-sort', active ? (descending ? 'descending' : 'ascending') : 'none');
  }
}

/** Ensures the select offers `value` (a filter from the address that the option source did not list). */
function ensureOption(select, value) {
  if (value !== '' && ![...select.options].some(o => o.value === value)) {
    select.append(el('option', { value }, value));
  }
  select.value = value;
}

async function loadFilterOptions() {
  // Every value of the whole universe with its count (GET /api/etfs/facets), not only those of one page.
  const facets = await getJson('/api/etfs/facets');
  for (const [name, values] of [['category', facets.categories], ['issuer', facets.issuers], ['assetClass', facets.assetClasses]]) {
    const select = filters.elements[name];
    const sorted = [...values].sort((a, b) => a.value.localeCompare(b.value, 'en'));
    // The first option ("All …") stays; a value the address named before the list arrived is replaced, not repeated.
    select.replaceChildren(select.options[0],
      ...sorted.map(v => el('option', { value: v.value }, `${v.value} (${formatInteger(v.count)})`)));
    ensureOption(select, list[name]);
  }
  filters.dataset.optionsFrom = `all ${facets.total} ETFs`;
}

function etfRow(etf) {
  const symbolCell = el('th', { scope: 'row' }, el('a', { href: etfHref(etf.symbol) }, etf.symbol),
    etf.isActive ? null : el('span', { className: 'tag' }, 'delisted'));
  const close = describeSource(el('td', { className: 'num' }, formatUsd(etf.latestClose)),
    { asOf: etf.latestCloseDate, note: 'latest close, USD' });
  // The change shares the close's date and the flow's method is stated under the table: one focus stop less per row.
  const change = numberCell(formatPercent(etf.change1dPct, { signed: true }), etf.change1dPct);
  const aum = el('td', { className: 'num' }, formatUsdCompact(etf.aumUsd));
  if (etf.aumUsd !== null) describeSource(aum, { asOf: etf.aumDate, note: 'latest reported total net assets, USD' });
  const flow = numberCell(formatSignedUsdCompact(etf.flow5dUsd), etf.flow5dUsd);
  return el('tr', { dataset: { symbol: etf.symbol } },
    symbolCell,
    el('td', {}, etf.name),
    el('td', {}, etf.issuer ?? MISSING),
    el('td', {}, etf.category ?? MISSING),
    close, change, aum, flow,
    el('td', { className: 'num' }, formatFractionAsPercent(etf.expenseRatio)));
}

async function loadList() {
  pendingList?.abort();
  const controller = new AbortController();
  pendingList = controller;
  writeListState();
  showSortState();
  listSection.dataset.ready = 'false';
  await loadSection(listSection, async () => {
    const query = { sort: list.sort, page: list.page, pageSize: list.pageSize };
    for (const key of FILTER_KEYS) query[key] = list[key];
    const page = await getJson(apiPath('/api/etfs', query), { signal: controller.signal });
    listSection.querySelector(':scope > .status')?.remove();
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    if (page.items.length === 0 && page.page > 1 && page.total > 0) {
      // A bookmarked page past the end: show the last one.
      list.page = pages;
      queueMicrotask(loadList);
      return;
    }
    listBody.replaceChildren(...(page.items.length > 0
      ? page.items.map(etfRow)
      : [el('tr', { className: 'empty' }, el('td', { colSpan: 9 }, 'No ETF matches these filters.'))]));
    const first = (page.page - 1) * page.pageSize + 1;
    pageInfo.textContent = page.total === 0
      ? 'No ETFs'
      : `Page ${page.page} of ${pages} · ETFs ${first}–${first + page.items.length - 1} of ${page.total}`;
    pagePrev.disabled = page.page <= 1;
    pageNext.disabled = page.page >= pages;
    listSummary.replaceChildren(`${page.total} ETF${page.total === 1 ? '' : 's'}`);
    if (page.asOf) {
      listSummary.append(' · closes as of ',
        describeSource(el('span', {}, formatDate(page.asOf)), { asOf: page.asOf, note: 'latest trading day among the listed closes' }));
    }
    listSection.dataset.ready = 'true';
  });
}

for (const th of sortHeaders) {
  th.querySelector('button').addEventListener('click', () => {
    const key = th.dataset.sort;
    const current = list.sort.replace(/^-/, '');
    // A new column starts with what matters most: A→Z for symbols, largest first for figures.
    if (key === current) list.sort = list.sort.startsWith('-') ? key : `-${key}`;
    else list.sort = key === 'symbol' ? key : `-${key}`;
    list.page = 1;
    loadList();
  });
}

filters.addEventListener('change', event => {
  if (!FILTER_KEYS.includes(event.target.name)) return;
  list[event.target.name] = event.target.value;
  list.page = 1;
  loadList();
});
filters.addEventListener('submit', event => event.preventDefault());
filters.addEventListener('reset', event => {
  event.preventDefault();
  for (const key of FILTER_KEYS) {
    filters.elements[key].value = '';
    list[key] = '';
  }
  list.page = 1;
  loadList();
});
pagePrev.addEventListener('click', () => {
  list.page = Math.max(1, list.page - 1);
  loadList();
});
pageNext.addEventListener('click', () => {
  list.page += 1;
  loadList();
});
pageSizeSelect.addEventListener('change', () => {
  list.pageSize = Number(pageSizeSelect.value);
  list.page = 1;
  loadList();
});

// ---- flows: top inflows / outflows and category bars over 5 or 20 trading days ----

const TOP_LIMIT = 10;
const METHOD_LABELS = {
  aum: 'AUM method: change in AUM net of the NAV move',
  shares: 'shares method: change in shares outstanding × NAV',
};
const flowsSection = document.getElementById('flows');
const flowsWindow = document.getElementById('flows-window');
const windowButtons = [...flowsSection.querySelectorAll('button.window')];
const inflowsPanel = document.getElementById('top-inflows');
const outflowsPanel = document.getElementById('top-outflows');
const categoryPanel = document.getElementById('category-flows');
const categoryChartBox = document.getElementById('category-chart');
const flowAnswers = new Map();
let flowDays = 5;

function flowsFor(days) {
  if (!flowAnswers.has(days)) {
    const answer = Promise.all([
      getJson(apiPath('/api/flows/top', { days, direction: 'in', limit: TOP_LIMIT })),
      getJson(apiPath('/api/flows/top', { days, direction: 'out', limit: TOP_LIMIT })),
      getJson(apiPath('/api/flows/categories', { days })),
    ]);
    // A failed answer is asked again on the next toggle.
    answer.catch(() => flowAnswers.delete(days));
    flowAnswers.set(days, answer);
  }
  return flowAnswers.get(days);
}

function renderTop(panel, ranking, heading) {
  panel.querySelector(':scope > .table-wrap, :scope > .status')?.remove();
  if (ranking.items.length === 0) {
    showStatus(panel, ranking.direction === 'in' ? 'No ETF had net inflows in the window.' : 'No ETF had net outflows in the window.');
    return;
  }
  const caption = `${heading} over ${ranking.days} trading days to ${formatDate(ranking.asOf)}`;
  panel.append(el('div', { className: 'table-wrap' }, el('table', { className: 'top-flows', dataset: { days: String(ranking.days) } },
    el('caption', { className: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', className: 'num' }, 'Rank'),
      el('th', { scope: 'col' }, 'ETF'),
      el('th', { scope: 'col', className: 'num' }, 'Net flow'),
      el('th', { scope: 'col', className: 'num' }, '% of AUM'))),
    el('tbody', {}, ...ranking.items.map(item => el('tr', { dataset: { symbol: item.symbol } },
      el('td', { className: 'num' }, String(item.rank)),
      el('th', { scope: 'row' }, el('a', { href: etfHref(item.symbol), title: item.name }, item.symbol)),
      describeSource(numberCell(formatSignedUsdCompact(item.netFlowUsd), item.netFlowUsd),
        { asOf: ranking.asOf, note: `sum of ${item.flowDays} daily estimates (${ranking.method} method)` }),
      el('td', {
        className: 'num',
        title: item.startAumUsd === null ? 'No starting AUM' : `Of the starting AUM of ${formatUsdCompact(item.startAumUsd)}`,
      }, formatPercent(item.flowPctOfAum, { signed: true }))))))));
}

function categoryTable(flows) {
  return dataTable(`Net flow by category over ${flows.days} trading days`,
    [{ label: 'Category', rowHeader: true }, { label: 'ETFs', num: true }, { label: 'Net flow', num: true }, { label: '% of AUM', num: true }],
    flows.categories.map(c => [
      c.name,
      String(c.etfCount),
      numberCell(formatSignedUsdCompact(c.netFlowUsd), c.netFlowUsd),
      formatPercent(c.aumWeightedFlowPct, { signed: true })]),
    { captionHidden: true });
}

function renderCategories(flows) {
  categoryPanel.querySelector(':scope > details, :scope > .status')?.remove();
  const items = flows.categories.map(c => ({ name: c.name, netFlowUsd: c.netFlowUsd }));
  if (items.length === 0) {
    categoryChartBox.hidden = true;
    showStatus(categoryPanel, 'No flow estimates in the window.');
    publishChart('category-flows', categoryChartBox, items, { days: flows.days });
    return;
  }
  categoryChartBox.hidden = false;
  // One bar row per category, whatever the count.
  categoryChartBox.style.height = `${Math.max(160, items.length * 34 + 40)}px`;
  drawChart(categoryChartBox, {
    animation: false,
    textStyle: { color: COLORS.text },
    grid: { left: 4, right: 64, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: value => formatSignedUsdCompact(value) },
    xAxis: {
      type: 'value',
      splitNumber: 3,
      axisLabel: { color: COLORS.muted, formatter: value => formatUsdCompact(value) },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map(i => i.name),
      axisTick: { show: false },
      axisLabel: { color: COLORS.text, width: 130, overflow: 'truncate' },
    },
    series: [{
      type: 'bar',
      name: 'Net flow',
      barMaxWidth: 22,
      data: items.map(i => ({
        value: i.netFlowUsd,
        itemStyle: { color: i.netFlowUsd < 0 ? COLORS.down : COLORS.up },
      })),
      // Right of the bar for both signs: an outflow's bar ends at zero, so its label sits right of the zero line
      // instead of running into the category names.
      label: { show: true, position: 'right', color: COLORS.text, formatter: p => formatSignedUsdCompact(p.value) },
    }],
  });
  const inflow = items.filter(i => i.netFlowUsd > 0).length;
  categoryChartBox.setAttribute('aria-label',
    `Bar chart of net flow by category over ${flows.days} trading days: ${inflow} of ${items.length} categories with net inflows. `
    + items.map(i => `${i.name} ${formatSignedUsdCompact(i.netFlowUsd)}`).join('; ') + '.');
  categoryPanel.append(categoryTable(flows));
  publishChart('category-flows', categoryChartBox, items, { days: flows.days });
}

function renderWindow(inflows, flows) {
  const asOf = inflows.asOf ?? flows.asOf;
  if (!asOf) {
    flowsWindow.textContent = 'No flow estimates yet.';
    return;
  }
  const method = METHOD_LABELS[flows.method] ?? `${flows.method} method`;
  flowsWindow.replaceChildren(
    `${flows.days} trading days, ${formatDate(flows.from)} – `,
    describeSource(el('span', {}, formatDate(asOf)), { asOf, note: 'latest day with flow estimates' }),
    ` · estimated by the ${method}`);
  flowsWindow.dataset.method = flows.method;
  flowsWindow.dataset.asOf = asOf;
}

async function loadFlows(days) {
  flowDays = days;
  setPressed(windowButtons, windowButtons.find(button => Number(button.dataset.days) === days));
  flowsSection.dataset.ready = 'false';
  categoryChartBox.dataset.ready = 'false';
  await loadSection(flowsSection, async () => {
    const [inflows, outflows, flows] = await flowsFor(days);
    if (days !== flowDays) return; // another toggle came first
    flowsSection.querySelector(':scope > .status')?.remove();
    renderWindow(inflows, flows);
    renderTop(inflowsPanel, inflows, 'Top inflows');
    renderTop(outflowsPanel, outflows, 'Top outflows');
    renderCategories(flows);
    flowsSection.dataset.days = String(days);
    flowsSection.dataset.ready = 'true';
  });
}

for (const button of windowButtons) {
  button.addEventListener('click', () => {
    const days = Number(button.dataset.days);
    if (days !== flowDays) loadFlows(days);
  });
}

// ---- alerts ----

const KIND_LABELS = {
  largeDailyAumChange: 'Large daily AUM change',
  inflowSurge: 'Inflow surge',
  outflowWarning: 'Outflow warning',
  liquidity: 'Low AUM',
  premiumDiscount: 'Premium / discount',
};
const alertsSection = document.getElementById('alerts');
const alertList = document.getElementById('alert-list');
const alertsSummary = document.getElementById('alerts-summary');

/** The figure that triggered the alert, with its unit, and whether it points up or down. */
function alertFigure(alert) {
  const e = alert.evidence ?? {};
  switch (alert.kind) {
    case 'largeDailyAumChange':
      return { text: `AUM ${formatFractionAsPercent(e.changeFraction, { signed: true })} in a day`, sign: e.changeFraction };
    case 'inflowSurge':
      return { text: `${formatSignedUsdCompact(e.flow7dUsd)} in 7 days (${formatFractionAsPercent(e.fraction, { signed: true })} of AUM)`, sign: e.fraction };
    case 'outflowWarning':
      return { text: `${formatSignedUsdCompact(e.flow30dUsd)} in 30 days (${formatFractionAsPercent(e.fraction, { signed: true })} of AUM)`, sign: e.fraction };
    case 'liquidity':
      return { text: `AUM ${formatUsdCompact(e.aumUsd)}, below ${formatUsdCompact(e.thresholdUsd)}`, sign: 0 };
    case 'premiumDiscount':
      return {
        text: `${e.isPremium === 1 ? 'Premium' : 'Discount'} up to ${formatFractionAsPercent(e.maxAbsPremium)} for ${e.days} days`,
        sign: e.isPremium === 1 ? 1 : -1,
      };
    default:
      return { text: '', sign: 0 };
  }
}

function thresholdsNote(t) {
  return `Thresholds: daily AUM change ±${formatFractionAsPercent(t.largeDailyAumChange)}, 7-day inflows above ${formatFractionAsPercent(t.inflowSurge7d)} of AUM, `
    + `30-day flows below ${formatFractionAsPercent(t.outflowWarning30d)} of AUM, AUM below ${formatUsdCompact(t.liquidityAumUsd)}, `
    + `premium/discount beyond ${formatFractionAsPercent(t.premiumDiscount)} for more than ${t.premiumDiscountDays} days`;
}

async function loadAlerts() {
  await loadSection(alertsSection, async () => {
    const report = await getJson('/api/alerts');
    const count = report.alerts.length;
    alertsSummary.replaceChildren(count === 0
      ? `No alerts since ${formatDate(report.since)}`
      : `${count} alert${count === 1 ? '' : 's'} since ${formatDate(report.since)}, newest first`);
    if (report.asOf) {
      alertsSummary.append(' · ', describeSource(el('span', {}, `AUM as of ${formatDate(report.asOf)}`),
        { asOf: report.asOf, note: thresholdsNote(report.thresholds) }));
    }
    alertList.hidden = count === 0;
    alertList.replaceChildren(...report.alerts.map(alert => {
      const figure = alertFigure(alert);
      return el('li', { dataset: { symbol: alert.symbol, kind: alert.kind } },
        el('div', { className: 'alert-head' },
          el('a', { href: etfHref(alert.symbol), className: 'symbol' }, alert.symbol),
          el('span', { className: `kind kind-${alert.kind}` }, KIND_LABELS[alert.kind] ?? alert.kind),
          el('time', { dateTime: alert.date }, formatDate(alert.date)),
          el('strong', { className: `figure ${signClass(figure.sign)}`.trim() }, figure.text)),
        el('p', { className: 'message' }, alert.message));
    }));
    alertsSection.dataset.ready = 'true';
  });
}

// ---- start ----

readListState();
for (const key of FILTER_KEYS) ensureOption(filters.elements[key], list[key]);
ensureOption(pageSizeSelect, String(list.pageSize));
initPage();
loadList();
loadSection(filters, loadFilterOptions);
loadFlows(flowDays);
loadAlerts();
