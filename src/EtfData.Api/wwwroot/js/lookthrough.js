// Look-through page: a portfolio of ETF weights is POSTed to /api/portfolio/lookthrough; the page shows what it holds
// underneath: the largest securities with the funds they come through, the weight by sector or country, and the
// snapshot (source, as-of, coverage) each fund was looked through with. Validation is the API's: its message is shown.
import {
  COLORS, apiPath, describeSource, drawChart, el, etfHref, etfSearch, figure, formatDate, formatFractionAsPercent, formatInteger,
  formatPercent, initPage, postJson, problemText, publishChart, setPressed, showStatus,
} from './common.js';

export const DEFAULT_PORTFOLIO = [{ symbol: 'SPY', percent: 60 }, { symbol: 'AGG', percent: 40 }];
const SECURITY_LIMIT = 25;

const form = document.getElementById('portfolio-form');
const rows = document.getElementById('portfolio-rows');
const total = document.getElementById('portfolio-total');
const body = document.getElementById('lookthrough-body');
const datalist = document.getElementById('etf-options');
const exposureChart = document.getElementById('exposure-chart');
const sectorButton = document.getElementById('dimension-sector');
const countryButton = document.getElementById('dimension-country');

// ---- the portfolio form ----

let rowId = 0;

function symbolInput(id, symbol) {
  return el('input', { type: 'text', id: `symbol-${id}`, className: 'symbol', value: symbol, autocomplete: 'off', spellcheck: false, size: 10, list: 'etf-options' });
}

function addRow(symbol = '', percent = '') {
  const id = ++rowId;
  const row = el('tr', { className: 'holding-row' },
    el('td', {},
      el('label', { className: 'visually-hidden', htmlFor: `symbol-${id}` }, `ETF of row ${id}`),
      symbolInput(id, symbol)),
    el('td', { className: 'num' },
      el('label', { className: 'visually-hidden', htmlFor: `weight-${id}` }, `Weight of row ${id} in percent`),
      el('input', { type: 'number', id: `weight-${id}`, className: 'weight', value: String(percent), min: '0', max: '100', step: '0.01', inputMode: 'decimal' })),
    el('td', {}, el('button', { type: 'button', className: 'secondary remove', 'aria-label': `Remove row ${id}` }, 'Remove')));
  rows.append(row);
  updateTotal();
  return row;
}

function readRows() {
  return [...rows.querySelectorAll('tr')].map(row => ({
    symbol: row.querySelector('input.symbol').value.trim().toUpperCase(),
    percent: row.querySelector('input.weight').value.trim(),
  }));
}

function updateTotal() {
  const sum = readRows().reduce((acc, row) => acc + (Number.isFinite(Number.parseFloat(row.percent)) ? Number.parseFloat(row.percent) : 0), 0);
  // The API accepts weights summing to 1 ± 0.0001, i.e. 100 % ± 0.01 %.
  const off = Math.abs(sum - 100) > 0.01 + 1e-9;
  total.textContent = formatPercent(sum);
  total.classList.toggle('off', off);
  document.getElementById('portfolio-total-note').textContent = off ? 'must be 100 %' : '';
}

/** Percent as typed → the fraction the API takes, rounded to 6 decimals so 33.33 is sent as 0.3333. */
export function toFraction(percentText) {
  const percent = Number.parseFloat(percentText);
  return Number.isFinite(percent) ? Math.round(percent * 10000) / 1000000 : null;
}

rows.addEventListener('input', event => {
  updateTotal();
  if (event.target.matches('input.symbol')) suggestSoon(event.target.value);
});

rows.addEventListener('click', event => {
  const button = event.target.closest('button.remove');
  if (!button) return;
  const row = button.closest('tr');
  const next = row.nextElementSibling ?? row.previousElementSibling;
  row.remove();
  updateTotal();
  (next?.querySelector('input.symbol') ?? document.getElementById('add-row')).focus();
});

document.getElementById('add-row').addEventListener('click', () => {
  addRow().querySelector('input.symbol').focus();
});

// Suggestions for the symbol inputs: the shared datalist follows /api/etfs?q= for what is being typed.
let suggestTimer = 0;
const suggestEtfs = etfSearch(10);
function suggestSoon(text) {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    const query = text.trim();
    if (query === '') return;
    try {
      const page = await suggestEtfs(query);
      datalist.replaceChildren(...page.items.map(etf => el('option', { value: etf.symbol, label: etf.name ?? etf.symbol })));
    } catch {
      // Suggestions are a convenience: the look-through itself reports unknown symbols.
    }
  }, 150);
}

// ---- the look-through ----

let request = null;
let answer = null;
let dimension = 'sector';

form.addEventListener('submit', event => {
  event.preventDefault();
  lookThrough();
});

async function lookThrough() {
  request?.abort();
  // The list form of the body keeps a symbol named twice (an object would silently drop one): the API reports it.
  const portfolio = readRows().filter(row => row.symbol !== '' || row.percent !== '')
    .map(row => ({ symbol: row.symbol, weight: toFraction(row.percent) }));
  const controller = new AbortController();
  request = controller;
  form.setAttribute('aria-busy', 'true');
  exposureChart.dataset.ready = 'false';
  showStatus(form, 'Looking through…');
  try {
    answer = await postJson(apiPath('/api/portfolio/lookthrough', { limit: SECURITY_LIMIT }), portfolio, { signal: controller.signal });
    showStatus(form, `Looked through ${answer.funds.map(f => `${f.symbol} ${formatFractionAsPercent(f.weight)}`).join(', ')}.`);
    delete form.dataset.error;
    body.hidden = false;
    renderSummary();
    renderExposure();
    renderSecurities();
  } catch (error) {
    if (error.name === 'AbortError') return;
    body.hidden = true;
    form.dataset.error = problemText(error);
    showStatus(form, problemText(error), 'error');
  } finally {
    if (request === controller) form.removeAttribute('aria-busy');
  }
}

function renderSummary() {
  document.getElementById('summary-figures').replaceChildren(
    figure(null, 'Securities reached', formatInteger(answer.securityCount)),
    figure(null, 'Held through two or more funds', formatFractionAsPercent(answer.hiddenOverlapWeight)),
    figure(null, 'Weight with a sector', formatFractionAsPercent(answer.sector.classifiedShare)),
    figure(null, 'Weight with a country', formatFractionAsPercent(answer.country.classifiedShare)));

  document.getElementById('funds-table').replaceChildren(el('table', { id: 'funds-list' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Fund'), el('th', { scope: 'col', className: 'num' }, 'Weight'), el('th', { scope: 'col' }, 'Source'),
      el('th', { scope: 'col' }, 'As of'), el('th', { scope: 'col' }, 'Coverage'), el('th', { scope: 'col', className: 'num' }, 'Positions'),
      el('th', { scope: 'col' }, 'Note'))),
    el('tbody', {}, ...answer.funds.map(fund => el('tr', { dataset: { symbol: fund.symbol } },
      el('th', { scope: 'row' }, el('a', { href: etfHref(fund.symbol) }, fund.symbol)),
      el('td', { className: 'num' }, formatFractionAsPercent(fund.weight)),
      el('td', {}, fund.snapshot.source),
      el('td', {}, formatDate(fund.snapshot.asOf)),
      el('td', {}, fund.snapshot.coverage === 'top' ? 'Top list only' : fund.snapshot.coverage),
      describeSource(el('td', { className: 'num' }, formatInteger(fund.snapshot.positionCount)), fund.snapshot),
      el('td', { className: fund.snapshot.note ? 'top-note' : '' }, fund.snapshot.note ?? ''))))));
}

const DIMENSIONS = { sector: 'sector', country: 'country' };

function renderExposure() {
  const breakdown = answer[dimension];
  setPressed([sectorButton, countryButton], dimension === 'sector' ? sectorButton : countryButton);
  const buckets = breakdown.buckets;
  const items = buckets.map(b => ({ dimension, name: b.name, weight: b.weight, count: b.count }));
  document.getElementById('exposure-note').textContent =
    `Share of the portfolio in each ${DIMENSIONS[dimension]} (Σ fund weight × position weight), largest first. ` +
    `${formatFractionAsPercent(breakdown.classifiedShare)} of the looked-through weight has a ${DIMENSIONS[dimension]}; ` +
    'the rest is the “Unclassified” bar, when there is any.';

  const names = buckets.map(b => b.name);
  drawChart(exposureChart, {
    animation: false,
    textStyle: { color: COLORS.text },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: value => `${Number(value).toFixed(2)} %` },
    grid: { left: 10, right: 70, top: 10, bottom: 30, containLabel: true },
    xAxis: { type: 'value', axisLabel: { color: COLORS.text, formatter: value => `${value} %` }, splitLine: { lineStyle: { color: COLORS.grid } } },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { color: COLORS.text, width: 180, overflow: 'truncate' } },
    series: [{
      name: `Weight by ${DIMENSIONS[dimension]}`,
      type: 'bar',
      data: buckets.map(b => b.weight * 100),
      itemStyle: { color: COLORS.accent },
      label: { show: true, position: 'right', color: COLORS.text, formatter: params => `${Number(params.value).toFixed(2)} %` },
      barMaxWidth: 28,
    }],
  });
  exposureChart.setAttribute('aria-label', buckets.length === 0
    ? `No ${DIMENSIONS[dimension]} is known for any position.`
    : `Bar chart of the portfolio's weight by ${DIMENSIONS[dimension]}: ` +
      buckets.map(b => `${b.name} ${formatFractionAsPercent(b.weight)}`).join('; ') + '.');

  document.getElementById('exposure-table').replaceChildren(el('table', { id: 'exposure-list' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, dimension === 'sector' ? 'Sector' : 'Country'),
      el('th', { scope: 'col', className: 'num' }, 'Weight'),
      el('th', { scope: 'col', className: 'num' }, 'Positions'))),
    el('tbody', {}, ...buckets.map(b => el('tr', {},
      el('th', { scope: 'row' }, b.name),
      el('td', { className: 'num' }, formatFractionAsPercent(b.weight)),
      el('td', { className: 'num' }, formatInteger(b.count))))),
    el('tfoot', {}, el('tr', {},
      el('th', { scope: 'row' }, 'Classified'),
      el('td', { className: 'num' }, formatFractionAsPercent(breakdown.classifiedWeight)),
      el('td', { className: 'num' }, formatInteger(breakdown.classifiedCount))))));
  publishChart('lookthrough-exposure', exposureChart, items, { dimension, classifiedWeight: breakdown.classifiedWeight });
}

for (const [button, value] of [[sectorButton, 'sector'], [countryButton, 'country']]) {
  button.addEventListener('click', () => {
    if (dimension === value || !answer) return;
    dimension = value;
    renderExposure();
  });
}

function contributions(security) {
  return security.contributions.map(c =>
    el('span', { className: 'via', title: c.positionWeight === null ? `${c.symbol}: position weight unknown` : `${formatFractionAsPercent(c.positionWeight)} of ${c.symbol}` },
      `${c.symbol} ${formatFractionAsPercent(c.weight)}`));
}

function renderSecurities() {
  const shown = answer.securities;
  document.getElementById('securities-note').textContent = shown.length === answer.securityCount
    ? `All ${formatInteger(answer.securityCount)} securities reached, largest portfolio weight first.`
    : `The ${formatInteger(shown.length)} largest of ${formatInteger(answer.securityCount)} securities reached, by portfolio weight (Σ fund weight × position weight).`;
  const shownWeight = shown.reduce((acc, s) => acc + s.weight, 0);
  document.getElementById('securities-table').replaceChildren(el('table', { id: 'securities-list' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', className: 'num' }, '#'), el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Ticker'),
      el('th', { scope: 'col', className: 'num' }, 'Portfolio weight'), el('th', { scope: 'col' }, 'Through'))),
    el('tbody', {}, ...shown.map((s, i) => el('tr', {},
      el('td', { className: 'num' }, String(i + 1)),
      el('th', { scope: 'row' }, s.name),
      el('td', {}, s.ticker ?? '—'),
      el('td', { className: 'num' }, formatFractionAsPercent(s.weight)),
      el('td', { className: 'through' }, ...contributions(s))))),
    el('tfoot', {}, el('tr', {},
      el('td'), el('th', { scope: 'row', colSpan: 2 }, `Listed (${formatInteger(shown.length)})`),
      el('td', { className: 'num', id: 'securities-sum' }, formatFractionAsPercent(shownWeight)), el('td')))));
}

// ---- start: the example portfolio, looked through at once ----

for (const row of DEFAULT_PORTFOLIO) addRow(row.symbol, row.percent);
lookThrough();
initPage();
