// Overlap page: pick 2 to 6 ETFs, then /api/overlap draws the pairwise overlap matrix as a heat map, lists each
// fund's holdings snapshot (source, as-of, coverage and the top-list note) and the holdings two funds have in common.
// The chosen funds live in the address (?symbols=SPY,IVV,VOO) so a view can be linked and Back works.
import {
  COLORS, apiPath, describeSource, drawChart, el, etfHref, etfSearch, formatDate, formatFractionAsPercent, formatInteger,
  getJson, initPage, problemText, publishChart, setPressed, showStatus,
} from './common.js';

export const MIN_FUNDS = 2;
export const MAX_FUNDS = 6;
const COMMON_LIMIT = 50;

const input = document.getElementById('symbol-input');
const suggestions = document.getElementById('suggestions');
const chips = document.getElementById('chips');
const picker = document.getElementById('picker');
const body = document.getElementById('overlap-body');
const heatmap = document.getElementById('heatmap');
const weightButton = document.getElementById('measure-weight');
const countButton = document.getElementById('measure-count');
const commonSection = document.getElementById('common');
const commonPair = document.getElementById('common-pair');

// ---- the chosen funds and the address ----

let chosen = [];

function readAddress() {
  const raw = new URLSearchParams(location.search).get('symbols') ?? '';
  const symbols = [];
  for (const part of raw.split(',')) {
    const symbol = part.trim().toUpperCase();
    if (symbol !== '' && !symbols.includes(symbol)) symbols.push(symbol);
  }
  return symbols.slice(0, MAX_FUNDS);
}

function writeAddress() {
  const url = new URL(location.href);
  if (chosen.length === 0) url.searchParams.delete('symbols');
  else url.searchParams.set('symbols', chosen.join(','));
  // Commas stay readable in the address.
  const next = url.pathname + url.search.replaceAll('%2C', ',');
  if (next !== location.pathname + location.search) history.pushState(null, '', next);
}

function renderChips() {
  chips.replaceChildren(...chosen.map(symbol =>
    el('li', { className: 'chip', dataset: { symbol } },
      el('a', { href: etfHref(symbol) }, symbol),
      el('button', { type: 'button', className: 'remove', 'aria-label': `Remove ${symbol}`, title: `Remove ${symbol}`, dataset: { symbol } }, '×'))));
}

function add(symbol) {
  symbol = symbol.trim().toUpperCase();
  if (symbol === '') return false;
  if (chosen.includes(symbol)) {
    showStatus(picker, `${symbol} is already chosen.`, 'error');
    return false;
  }
  if (chosen.length >= MAX_FUNDS) {
    showStatus(picker, `At most ${MAX_FUNDS} ETFs can be compared; remove one before adding ${symbol}.`, 'error');
    return false;
  }
  chosen = [...chosen, symbol];
  changed();
  return true;
}

function remove(symbol) {
  chosen = chosen.filter(s => s !== symbol);
  changed();
}

function changed() {
  writeAddress();
  renderChips();
  load();
}

chips.addEventListener('click', event => {
  const button = event.target.closest('button.remove');
  if (!button) return;
  const index = chosen.indexOf(button.dataset.symbol);
  remove(button.dataset.symbol);
  // Keep the keyboard user near where they were.
  const buttons = chips.querySelectorAll('button.remove');
  (buttons[Math.min(index, buttons.length - 1)] ?? input).focus();
});

window.addEventListener('popstate', () => {
  chosen = readAddress();
  renderChips();
  load();
});

// ---- suggestions (a combobox over /api/etfs?q=) ----

let suggestTimer = 0;
const suggestEtfs = etfSearch(10);
let active = -1;

function options() {
  return [...suggestions.querySelectorAll('[role=option]')];
}

function setActive(index) {
  const items = options();
  active = items.length === 0 ? -1 : (index + items.length) % items.length;
  items.forEach((item, i) => item.setAttribute('aria-selected', String(i === active)));
  if (active >= 0) {
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  } else {
    input.removeAttribute('aria-activedescendant');
  }
}

function closeSuggestions() {
  suggestEtfs.cancel();
  suggestions.hidden = true;
  suggestions.replaceChildren();
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
  active = -1;
}

async function suggest(text) {
  const query = text.trim();
  if (query === '') {
    closeSuggestions();
    return;
  }
  try {
    const page = await suggestEtfs(query);
    const items = page.items.filter(etf => !chosen.includes(etf.symbol));
    suggestions.replaceChildren(...items.map((etf, i) =>
      el('li', { id: `suggestion-${i}`, role: 'option', 'aria-selected': 'false', dataset: { symbol: etf.symbol } },
        el('span', { className: 'symbol' }, etf.symbol), ' ', etf.name ?? '')));
    if (items.length === 0) {
      suggestions.append(el('li', { className: 'empty' }, `No other ETF matches “${query}”.`));
    }
    suggestions.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    // The first match is preselected, so Enter picks it.
    setActive(items.length > 0 ? 0 : -1);
  } catch (error) {
    if (error.name !== 'AbortError') {
      showStatus(picker, `Suggestions failed: ${problemText(error)}`, 'error');
    }
  }
}

function pick(symbol) {
  if (add(symbol)) {
    input.value = '';
    closeSuggestions();
  }
  input.focus();
}

input.addEventListener('input', () => {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(() => suggest(input.value), 150);
});

input.addEventListener('keydown', event => {
  const open = !suggestions.hidden;
  switch (event.key) {
    case 'ArrowDown':
      if (open) { event.preventDefault(); setActive(active + 1); }
      break;
    case 'ArrowUp':
      if (open) { event.preventDefault(); setActive(active - 1); }
      break;
    case 'Enter': {
      event.preventDefault();
      clearTimeout(suggestTimer);
      const option = open && active >= 0 ? options()[active] : null;
      // Enter on typed text without a matching suggestion adds it as typed: the API then says whether it knows it.
      pick(option ? option.dataset.symbol : input.value);
      break;
    }
    case 'Escape':
      if (open) { event.preventDefault(); closeSuggestions(); }
      break;
    case 'Backspace':
      if (input.value === '' && chosen.length > 0) { event.preventDefault(); remove(chosen[chosen.length - 1]); }
      break;
    default:
      break;
  }
});

// mousedown (not click) so the input keeps focus.
suggestions.addEventListener('mousedown', event => {
  const option = event.target.closest('[role=option]');
  if (!option) return;
  event.preventDefault();
  pick(option.dataset.symbol);
});

input.addEventListener('blur', () => setTimeout(() => {
  if (document.activeElement !== input) closeSuggestions();
}, 100));

// ---- the overlap answer ----

let request = null;
let answer = null;
let measure = 'byWeight';

/** The matrices of the answer; for two funds (no matrix in the answer) built from the single pair. */
export function matrixOf(response) {
  if (response.matrix) return response.matrix;
  const pair = response.pairs[0];
  return {
    symbols: [pair.a, pair.b],
    byWeight: [[null, pair.byWeight], [pair.byWeight, null]],
    byCount: [[null, pair.byCountOfA], [pair.byCountOfB, null]],
  };
}

async function load() {
  request?.abort();
  const status = picker;
  if (chosen.length < MIN_FUNDS) {
    body.hidden = true;
    delete heatmap.dataset.ready;
    showStatus(status, chosen.length === 0 ? 'Pick at least 2 ETFs to compare.' : 'Pick at least one more ETF to compare.');
    return;
  }
  const controller = new AbortController();
  request = controller;
  heatmap.dataset.ready = 'false';
  status.setAttribute('aria-busy', 'true');
  showStatus(status, `Comparing ${chosen.join(', ')}…`);
  try {
    answer = await getJson(apiPath('/api/overlap', { symbols: chosen.join(',') }), { signal: controller.signal });
    showStatus(status, `Overlap of ${chosen.join(', ')}.`);
    body.hidden = false;
    renderMatrix();
    renderFunds();
    renderPairs();
    renderCommonControls();
    await loadCommon(controller.signal);
  } catch (error) {
    if (error.name === 'AbortError') return;
    body.hidden = true;
    showStatus(status, `The overlap could not be computed: ${problemText(error)}`, 'error');
  } finally {
    if (request === controller) status.removeAttribute('aria-busy');
  }
}

const MEASURES = {
  byWeight: {
    label: 'overlap by weight',
    help: 'By weight: Σ min(weight in A, weight in B) over the securities both hold — the part of the portfolio the two funds share (symmetric).',
  },
  byCount: {
    label: 'overlap by count',
    help: 'By count: the share of the row fund’s positions that the column fund also holds (not symmetric).',
  },
};

function percentLabel(value) {
  return value === null || value === undefined ? '' : formatFractionAsPercent(value, { digits: 1 });
}

function renderMatrix() {
  const matrix = matrixOf(answer);
  const values = matrix[measure];
  const { symbols } = matrix;
  setPressed([weightButton, countButton], measure === 'byWeight' ? weightButton : countButton);
  document.getElementById('measure-help').textContent = MEASURES[measure].help;

  const notes = answer.funds.filter(f => f.note);
  document.getElementById('top-list-notes').replaceChildren(...notes.map(f =>
    el('p', { className: 'top-note', dataset: { symbol: f.symbol } }, el('strong', {}, `${f.symbol}: `), f.note)));

  // Cells [column, row, percent]; the diagonal stays an empty cell. White labels only on the darkest blues (contrast).
  const cells = [];
  const items = [];
  symbols.forEach((rowSymbol, i) => symbols.forEach((columnSymbol, j) => {
    const value = values[i][j];
    items.push({ row: rowSymbol, column: columnSymbol, value });
    if (value !== null && value !== undefined) {
      const percent = value * 100;
      cells.push({ value: [j, i, percent], label: { color: percent > 75 ? '#fff' : COLORS.text } });
    }
  }));

  drawChart(heatmap, {
    animation: false,
    textStyle: { color: COLORS.text },
    tooltip: {
      formatter: params => {
        const [j, i, percent] = params.value;
        return `${symbols[i]} × ${symbols[j]}: ${percent.toFixed(2)} % ${MEASURES[measure].label}`;
      },
    },
    grid: { left: 70, right: 20, top: 30, bottom: 90 },
    xAxis: { type: 'category', data: symbols, position: 'top', splitArea: { show: true }, axisLine: { show: false }, axisTick: { show: false }, axisLabel: { color: COLORS.text, fontWeight: 600 } },
    yAxis: { type: 'category', data: symbols, inverse: true, splitArea: { show: true }, axisLine: { show: false }, axisTick: { show: false }, axisLabel: { color: COLORS.text, fontWeight: 600 } },
    visualMap: {
      min: 0,
      max: 100,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 10,
      itemHeight: 320,
      textStyle: { color: COLORS.text },
      formatter: value => `${Number(value).toFixed(0)} %`,
      inRange: { color: ['#eef3fa', '#7fa7d6', COLORS.accent] },
    },
    series: [{
      name: MEASURES[measure].label,
      type: 'heatmap',
      data: cells,
      label: { show: true, fontSize: 14, fontWeight: 600, formatter: params => `${params.value[2].toFixed(1)} %` },
      itemStyle: { borderColor: '#fff', borderWidth: 2 },
      emphasis: { itemStyle: { borderColor: COLORS.text } },
    }],
  });

  heatmap.setAttribute('aria-label',
    `Heat map of the ${MEASURES[measure].label} of ${symbols.join(', ')}: ` +
    items.filter(item => item.value !== null && (measure === 'byCount' || symbols.indexOf(item.row) < symbols.indexOf(item.column)))
      .map(item => `${item.row} × ${item.column} ${percentLabel(item.value)}`).join('; ') + '.');
  renderMatrixTable(symbols, values);
  publishChart('overlap-heatmap', heatmap, items, { measure, symbols });
}

function renderMatrixTable(symbols, values) {
  document.getElementById('matrix-table').replaceChildren(el('table', { className: 'matrix' },
    el('caption', { className: 'visually-hidden' }, `${MEASURES[measure].label}, rows × columns`),
    el('thead', {}, el('tr', {}, el('td'), ...symbols.map(s => el('th', { scope: 'col', className: 'num' }, s)))),
    el('tbody', {}, ...symbols.map((rowSymbol, i) => el('tr', {},
      el('th', { scope: 'row' }, rowSymbol),
      ...symbols.map((_, j) => el('td', { className: 'num' }, values[i][j] === null ? '—' : percentLabel(values[i][j]))))))));
}

for (const [button, value] of [[weightButton, 'byWeight'], [countButton, 'byCount']]) {
  button.addEventListener('click', () => {
    if (measure === value || !answer) return;
    measure = value;
    renderMatrix();
  });
}

function renderFunds() {
  document.getElementById('funds-table').replaceChildren(el('table', { id: 'funds-list' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Fund'), el('th', { scope: 'col' }, 'Source'), el('th', { scope: 'col' }, 'As of'),
      el('th', { scope: 'col' }, 'Coverage'), el('th', { scope: 'col', className: 'num' }, 'Positions'), el('th', { scope: 'col' }, 'Note'))),
    el('tbody', {}, ...answer.funds.map(fund => el('tr', { dataset: { symbol: fund.symbol } },
      el('th', { scope: 'row' }, el('a', { href: etfHref(fund.symbol) }, fund.symbol)),
      el('td', {}, fund.source),
      el('td', {}, formatDate(fund.asOf)),
      el('td', {}, fund.coverage === 'top' ? 'Top list only' : fund.coverage),
      describeSource(el('td', { className: 'num' }, formatInteger(fund.positionCount)), fund),
      el('td', { className: fund.note ? 'top-note' : '' }, fund.note ?? ''))))));
}

function renderPairs() {
  document.getElementById('pairs-table').replaceChildren(el('table', { id: 'pairs-list' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Pair'), el('th', { scope: 'col', className: 'num' }, 'By weight'),
      el('th', { scope: 'col', className: 'num' }, 'Share of A’s positions in B'), el('th', { scope: 'col', className: 'num' }, 'Share of B’s positions in A'),
      el('th', { scope: 'col', className: 'num' }, 'Common holdings'), el('th', { scope: 'col' }, 'Note'))),
    el('tbody', {}, ...answer.pairs.map(pair => el('tr', {},
      el('th', { scope: 'row' }, `${pair.a} & ${pair.b}`),
      el('td', { className: 'num' }, formatFractionAsPercent(pair.byWeight)),
      el('td', { className: 'num' }, formatFractionAsPercent(pair.byCountOfA)),
      el('td', { className: 'num' }, formatFractionAsPercent(pair.byCountOfB)),
      el('td', { className: 'num' }, formatInteger(pair.commonCount)),
      el('td', {}, pair.topListInvolved ? 'A top list is involved: the overlap understates.' : ''))))));
}

// ---- common holdings: in the answer for two funds, one more call for a pair of more ----

function renderCommonControls() {
  const controls = document.getElementById('common-controls');
  controls.hidden = answer.pairs.length < 2;
  commonPair.replaceChildren(...answer.pairs.map(pair =>
    el('option', { value: `${pair.a},${pair.b}` }, `${pair.a} & ${pair.b} (${pair.commonCount} common)`)));
}

async function loadCommon(signal) {
  const container = document.getElementById('common-body');
  container.dataset.ready = 'false';
  const [a, b] = commonPair.value === '' ? chosen : commonPair.value.split(',');
  const pair = answer.pairs.find(p => p.a === a && p.b === b);
  let common = answer.common;
  let funds = answer.funds;
  if (!common) {
    const pairAnswer = await getJson(apiPath('/api/overlap', { symbols: `${a},${b}`, limit: COMMON_LIMIT }), { signal });
    common = pairAnswer.common;
    funds = pairAnswer.funds;
  }
  renderCommon(container, a, b, common, pair, funds);
}

function renderCommon(container, a, b, common, pair, funds) {
  const fundA = funds.find(f => f.symbol === a);
  const fundB = funds.find(f => f.symbol === b);
  const heading = (text, fund) => describeSource(el('th', { scope: 'col', className: 'num' }, text), fund);
  const parts = [];
  parts.push(el('p', { className: 'note', id: 'common-summary' },
    common.length === 0
      ? `${a} and ${b} hold nothing in common in their stored snapshots.`
      : `${a} and ${b} hold ${formatInteger(pair.commonCount)} securities in common` +
        (pair.commonCount > common.length ? `; the ${formatInteger(common.length)} largest by min weight are listed.` : '.')));
  if (common.length > 0) {
    parts.push(el('table', { id: 'common-list' },
      el('caption', { className: 'visually-hidden' }, `Holdings ${a} and ${b} have in common, largest min weight first`),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Ticker'),
        heading(`Weight in ${a}`, fundA), heading(`Weight in ${b}`, fundB), el('th', { scope: 'col', className: 'num' }, 'Min weight'))),
      el('tbody', {}, ...common.map(row => el('tr', {},
        el('td', {}, row.name),
        el('td', {}, row.ticker ?? '—'),
        el('td', { className: 'num' }, formatFractionAsPercent(row.weightA)),
        el('td', { className: 'num' }, formatFractionAsPercent(row.weightB)),
        el('td', { className: 'num' }, formatFractionAsPercent(row.minWeight)))))));
  }
  container.replaceChildren(...parts);
  container.dataset.pair = `${a},${b}`;
  container.dataset.ready = 'true';
}

let commonRequest = null;
commonPair.addEventListener('change', async () => {
  commonRequest?.abort();
  const controller = new AbortController();
  commonRequest = controller;
  try {
    await loadCommon(controller.signal);
    showStatus(commonSection, '');
  } catch (error) {
    if (error.name !== 'AbortError') showStatus(commonSection, `Could not load: ${problemText(error)}`, 'error');
  }
});

// ---- start ----

chosen = readAddress();
renderChips();
load();
initPage();
