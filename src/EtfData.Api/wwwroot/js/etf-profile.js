// ETF page: key figures with their source and as-of date, the flow signal, the fee estimate, holdings, holdings changes.
import {
  ApiError, COLORS, MISSING, apiPath, dataTable, describeSource, drawChart, el, escapeHtml, figure, formatCompact, formatDate,
  formatFractionAsPercent, formatInteger, formatPercent, formatSignedUsdCompact, formatUsd, formatUsdCompact, getJson,
  loadSection, publishChart, showStatus, signClass, table,
} from './common.js';

/** Positions the holdings table and treemap show before "Show all". */
export const TOP_HOLDINGS = 25;

const PRICE_SOURCE = 'Yahoo Finance daily bars';

/** Fills the #profile, #signal, #fees, #holdings and #holdings-changes sections. `detail` is /api/etfs/{symbol}'s answer. */
export async function renderProfile(symbol, detail) {
  const section = id => document.getElementById(id);
  renderKeyFigures(section('profile'), detail);
  await Promise.all([
    loadSection(section('signal'), () => renderSignal(section('signal'), symbol)),
    loadSection(section('fees'), () => renderFees(section('fees'), symbol, detail)),
    loadSection(section('holdings'), () => renderHoldings(section('holdings'), symbol, detail)),
    loadSection(section('holdings-changes'), () => renderHoldingsChanges(section('holdings-changes'), symbol)),
  ]);
}

/** The part of a section below its heading, replaced on each render. */
function body(container) {
  let part = container.querySelector(':scope > .section-body');
  if (!part) {
    part = el('div', { className: 'section-body' });
    container.append(part);
  }
  part.replaceChildren();
  return part;
}

/** An expense ratio (a fraction) as percent with up to 4 decimals, at least 2: 0.000945 → "0.0945 %", 0.0003 → "0.03 %". */
export function formatRatio(fraction) {
  if (fraction === null || fraction === undefined) return MISSING;
  const text = (fraction * 100).toFixed(4).replace(/(\.\d\d\d*?)0+$/, '$1');
  return `${text} %`;
}

const dateOnly = timestamp => (timestamp ? String(timestamp).slice(0, 10) : null);

// ---- key figures ----

function renderKeyFigures(container, detail) {
  const part = body(container);
  const bar = detail.latestPrice;
  const fields = detail.fieldSources ?? {};
  // Descriptive fields have no as-of date of their own: the note says when the profile last changed.
  const profileNote = detail.updatedAt ? `profile updated ${formatDate(dateOnly(detail.updatedAt))}` : null;
  const described = field => fields[field] ? { source: fields[field], note: profileNote } : null;
  const reported = (value, note) => value ? { source: value.source, asOf: value.asOf, note } : null;
  const returns = detail.returns;
  const oneDay = returns?.oneDayPct ?? null;

  const figures = [
    figure('close', 'Latest close', bar ? formatUsd(bar.close) : MISSING,
      bar ? { source: PRICE_SOURCE, asOf: bar.tradeDate, note: `close of ${formatDate(bar.tradeDate)}` } : null),
    figure('change-1d', '1-day change (total return)',
      el('span', { className: signClass(oneDay) }, formatPercent(oneDay, { signed: true })),
      returns ? { source: PRICE_SOURCE, asOf: returns.asOf, note: 'distributions reinvested' } : null),
    figure('aum', 'Assets under management', formatUsdCompact(detail.aumUsd?.value), reported(detail.aumUsd, 'total net assets')),
    figure('nav', 'NAV per share', formatUsd(detail.navPerShare?.value), reported(detail.navPerShare)),
    figure('shares', 'Shares outstanding', formatCompact(detail.sharesOutstanding?.value, 'shares'),
      reported(detail.sharesOutstanding, detail.sharesOutstanding ? `${formatInteger(detail.sharesOutstanding.value)} shares` : null)),
    figure('premium', 'Premium / discount to NAV',
      el('span', { className: signClass(detail.premiumDiscountPct?.value) }, formatPercent(detail.premiumDiscountPct?.value, { signed: true, digits: 4 })),
      reported(detail.premiumDiscountPct, '(close − NAV) / NAV')),
    figure('expense-ratio', 'Expense ratio (annual)', formatRatio(detail.expenseRatio), described('expense_ratio')),
    figure('issuer', 'Issuer', detail.issuer ?? MISSING, described('issuer')),
    figure('category', 'Category', detail.category ?? MISSING, described('category')),
    figure('asset-class', 'Asset class', detail.assetClass ?? MISSING, null),
    figure('exchange', 'Exchange', detail.exchange ?? MISSING, null),
    figure('inception', 'Inception', formatDate(detail.inceptionDate), described('inception_date')),
    figure('index', 'Index tracked', detail.indexTracked ?? (detail.structure ? 'None stated' : MISSING), described('index_tracked')),
    figure('structure', 'Structure', detail.structure ?? MISSING, described('structure')),
  ];
  if (returns?.yearToDatePct !== null && returns?.yearToDatePct !== undefined) {
    figures.splice(2, 0, figure('return-ytd', 'Year-to-date return',
      el('span', { className: signClass(returns.yearToDatePct) }, formatPercent(returns.yearToDatePct, { signed: true })),
      { source: PRICE_SOURCE, asOf: returns.asOf, note: 'distributions reinvested' }));
  }
  part.append(el('dl', { className: 'figures', id: 'key-figures' }, ...figures));

  const notes = [];
  if (!detail.isActive) notes.push(`${detail.symbol} has left the listing directory: its figures stop at their last dates.`);
  if (detail.latestNportFiling?.scope === 'series') {
    notes.push(`N-PORT figures of ${detail.symbol} are its series' (${formatInteger(detail.secSeriesClassCount)} share classes), not this ETF's alone.`);
  }
  notes.push('Hover or focus a figure for its source and as-of date.');
  part.append(el('p', { className: 'note' }, notes.join(' ')));
}

// ---- signal ----

async function renderSignal(container, symbol) {
  const report = await getJson(apiPath('/api/signals', { symbols: symbol }));
  const part = body(container);
  const signal = report.signals.find(s => s.symbol === symbol);
  if (!signal) {
    showStatus(container, 'No signal for this ETF.');
    return;
  }
  const direction = String(signal.direction).toLowerCase();
  const arrow = { buy: '▲', sell: '▼' }[direction] ?? '●';
  const head = el('p', { className: 'signal-head' },
    el('span', { className: `signal-direction ${direction}`, id: 'signal-direction', dataset: { direction } }, `${arrow} ${direction.toUpperCase()}`),
    ' ',
    el('span', { id: 'signal-strength' }, `strength ${formatInteger(signal.strength)} / 100`),
    ' · ',
    el('span', { id: 'signal-composite' }, `composite ${formatScore(signal.composite, true)} (−50 … +50)`));
  describeSource(head, { source: 'EtfData flow signal', asOf: signal.asOf });
  const strength = el('div', { className: 'meter', role: 'img', 'aria-label': `Strength ${signal.strength} of 100` },
    el('span', { className: `meter-fill ${direction}`, style: `width: ${Math.max(0, Math.min(100, signal.strength))}%` }));

  const divergence = {
    buyingTheDip: 'Buying the dip: inflows while the price falls.',
    distribution: 'Distribution: outflows while the price rises.',
  }[signal.divergence];

  const rows = [
    ['Flow', signal.flowScore,
      `5-day net flow ${formatSignedUsdCompact(signal.flow5dUsd)} on AUM ${formatUsdCompact(signal.aumUsd)}`, '50 + 25 × flow as % of AUM'],
    ['Price', signal.priceScore, `5-day total return ${formatPercent(signal.return5dPct, { signed: true })}`, '50 + 5 × return in %'],
    ['Volume', signal.volumeScore,
      `average volume ${formatCompact(signal.avgVolume5d, 'shares')} (5 days) vs ${formatCompact(signal.avgVolume20d, 'shares')} (20 days)`, '50 × 5-day / 20-day average'],
  ];
  const scores = el('table', { className: 'scores', id: 'signal-scores' },
    el('caption', { className: 'visually-hidden' }, 'Score breakdown (0–100, 50 = no information)'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Score'), el('th', { scope: 'col', className: 'num' }, 'Value (0–100)'),
      el('th', { scope: 'col' }, 'Scale'), el('th', { scope: 'col' }, 'Inputs'))),
    el('tbody', {}, ...rows.map(([name, score, inputs, rule]) => el('tr', { dataset: { score: name.toLowerCase() } },
      el('th', { scope: 'row' }, name),
      el('td', { className: 'num' }, formatScore(score)),
      el('td', {}, scoreBar(score)),
      el('td', {}, inputs, el('br'), el('span', { className: 'note' }, rule))))));

  part.append(...[
    head,
    strength,
    divergence ? el('p', { className: 'note', id: 'signal-divergence' }, divergence) : null,
    scores,
    el('p', { className: 'note' }, `Inputs as of ${formatDate(signal.asOf)}. Buy when composite ≥ 10, sell when ≤ −10.`),
    el('details', { className: 'formula' }, el('summary', {}, 'How the signal is computed'), el('pre', {}, report.formula)),
  ].filter(Boolean));
}

function formatSignedCount(value) {
  if (value === null || value === undefined) return MISSING;
  const text = `${formatInteger(Math.abs(value))} shares`;
  return value < 0 ? `−${text}` : value > 0 ? `+${text}` : text;
}

function formatScore(value, signed = false) {
  if (value === null || value === undefined) return MISSING;
  const text = Math.abs(value).toFixed(2);
  if (value < 0) return `−${text}`;
  return signed && value > 0 ? `+${text}` : text;
}

/** A 0–100 bar centred on 50 (no information): left of the middle below 50, right above. */
function scoreBar(score) {
  const clamped = Math.max(0, Math.min(100, score));
  const left = Math.min(clamped, 50);
  const width = Math.abs(clamped - 50);
  const kind = clamped > 50 ? 'up' : clamped < 50 ? 'down' : '';
  return el('span', { className: 'score-bar', 'aria-hidden': 'true' },
    el('span', { className: `score-fill ${kind}`, style: `left: ${left}%; width: ${width}%` }),
    el('span', { className: 'score-mid' }));
}

// ---- fees ----

async function renderFees(container, symbol, detail) {
  const part = body(container);
  // The API answers 404 without an expense ratio or AUM; the detail already says so, so no request is made then.
  if (detail.expenseRatio === null || detail.expenseRatio === undefined) {
    showStatus(container, `No fee estimate: no expense ratio is known for ${symbol}.`);
    return;
  }
  if (!detail.aumUsd) {
    showStatus(container, `No fee estimate: no AUM has been reported for ${symbol}.`);
    return;
  }
  let fees;
  try {
    fees = await getJson(`/api/etfs/${encodeURIComponent(symbol)}/fees`);
  } catch (error) {
    // "Not enough AUM history" (a single observation) is an answer about the data, not a failure.
    if (error instanceof ApiError && error.status === 404) {
      showStatus(container, error.problem?.title ? `${error.problem.title}: ${error.message}` : error.message);
      container.dataset.empty = 'true';
      return;
    }
    throw error;
  }
  const aumSource = { source: detail.aumUsd.source, asOf: fees.asOf };
  part.append(
    el('dl', { className: 'figures', id: 'fee-figures' },
      figure('fee-simple', 'Estimated fees (simple)', formatUsdCompact(fees.simpleFeeUsd),
        { ...aumSource, note: `${formatUsd(fees.simpleFeeUsd)}` }),
      figure('fee-time-weighted', 'Estimated fees (time-weighted)', formatUsdCompact(fees.timeWeightedFeeUsd),
        { ...aumSource, note: `${formatUsd(fees.timeWeightedFeeUsd)}` }),
      figure('fee-ratio', 'Expense ratio', formatRatio(fees.expenseRatio),
        { source: detail.fieldSources?.expense_ratio }),
      figure('fee-window', 'Window', `${formatDate(fees.from)} – ${formatDate(fees.to)}`, null),
      figure('fee-days', 'Days accrued', `${formatInteger(fees.days)} days`, null)),
    table('How the estimate is computed', [{ label: 'Figure', rowHeader: true }, { label: 'Value', num: true }, { label: 'How' }], [
      ['AUM at start', formatUsdCompact(fees.beginAumUsd), `latest observation on or before ${formatDate(fees.from)}`],
      ['AUM at end', formatUsdCompact(fees.endAumUsd), `latest observation on or before ${formatDate(fees.to)}`],
      ['Simple average AUM', formatUsdCompact(fees.simpleAverageAumUsd), '(start + end) / 2'],
      ['Time-weighted average AUM', formatUsdCompact(fees.timeWeightedAverageAumUsd), 'mean of each day’s latest observed AUM'],
      ['Year fraction', `${Number(fees.yearFraction).toFixed(4)} years`, `${fees.days} days / 365 (${fees.dayCount})`],
      ['Simple fee', formatUsd(fees.simpleFeeUsd), 'simple average AUM × expense ratio × days / 365'],
      ['Time-weighted fee', formatUsd(fees.timeWeightedFeeUsd), 'Σ daily AUM × expense ratio / 365'],
    ]),
    el('p', { className: 'note' },
      `Management fees the fund accrued from ${formatDate(fees.from)} to ${formatDate(fees.to)}, day count ${fees.dayCount}; `
      + 'the two differ when money arrives mid-period. AUM as of ' + formatDate(fees.asOf) + '.'));
}

// ---- holdings ----

async function renderHoldings(container, symbol, detail) {
  const base = `/api/etfs/${encodeURIComponent(symbol)}`;
  const part = body(container);
  // The detail carries the latest snapshot's summary: without one, /holdings would answer 404.
  if (!detail.topHoldings) {
    showStatus(container, `No holdings are stored for ${symbol}.`);
    container.dataset.empty = 'true';
    return;
  }
  const [snapshot, exposure] = await Promise.all([
    getJson(apiPath(`${base}/holdings`, { limit: TOP_HOLDINGS })),
    getJson(`${base}/exposure`),
  ]);

  const sourceNote = { source: snapshot.source, asOf: snapshot.asOf };
  const summary = el('p', { className: 'holdings-summary', id: 'holdings-summary' },
    `${formatInteger(snapshot.positionCount)} positions · source ${snapshot.source} · as of ${formatDate(snapshot.asOf)}`,
    snapshot.weightSum !== null && snapshot.weightSum !== undefined ? ` · weights sum to ${formatFractionAsPercent(snapshot.weightSum)}` : '');
  describeSource(summary, { ...sourceNote, note: snapshot.filingAccession ? `N-PORT filing ${snapshot.filingAccession}` : null });
  part.append(summary);
  if (snapshot.coverage === 'top') {
    part.append(el('p', { className: 'coverage-note', id: 'holdings-coverage', role: 'note' },
      `Top list only: the ${formatInteger(snapshot.positionCount)} largest positions as ${snapshot.source} lists them, not the whole portfolio.`));
  }
  if (snapshot.note && snapshot.coverage !== 'top') {
    part.append(el('p', { className: 'coverage-note' }, snapshot.note));
  }

  const tableHost = el('div', { className: 'holdings-table', id: 'holdings-table' });
  const grid = el('div', { className: 'holdings-grid' },
    el('div', {}, el('h3', {}, 'Positions'), tableHost),
    el('div', {}, renderTreemap(snapshot), renderSectors(exposure)));
  part.append(grid);
  renderHoldingsTable(tableHost, symbol, snapshot, base);
}

// Columns of the holdings table; an optional one is left out when no shown position has a value for it.
const HOLDING_COLUMNS = [
  { label: '#', num: true, text: h => formatInteger(h.position) },
  { label: 'Name', text: h => h.name },
  { label: 'Ticker', optional: h => h.ticker, text: h => h.ticker ?? MISSING },
  { label: 'Weight', num: true, text: h => formatFractionAsPercent(h.weight) },
  { label: 'Market value', num: true, optional: h => h.marketValueUsd, text: h => formatUsdCompact(h.marketValueUsd) },
  { label: 'Sector', optional: h => h.sector, text: h => h.sector ?? MISSING },
  { label: 'Asset class', optional: h => h.assetClass, text: h => h.assetClass ?? MISSING },
  { label: 'Country', optional: h => h.country, text: h => h.country ?? MISSING },
];

function holdingsTable(caption, holdings) {
  const columns = HOLDING_COLUMNS.filter(c => !c.optional || holdings.some(h => c.optional(h) !== null && c.optional(h) !== undefined));
  return table(caption, columns, holdings.map(h => columns.map(c => c.text(h))));
}

function renderHoldingsTable(host, symbol, snapshot, base) {
  const shown = snapshot.holdings;
  const caption = shown.length < snapshot.positionCount
    ? `Largest ${shown.length} of ${formatInteger(snapshot.positionCount)} positions of ${symbol} by weight (weight: share of net assets)`
    : `All ${formatInteger(snapshot.positionCount)} positions of ${symbol} by weight (weight: share of net assets)`;
  const positions = holdingsTable(caption, shown);
  positions.id = 'holdings-positions';
  describeSource(positions.querySelector('caption'), { source: snapshot.source, asOf: snapshot.asOf });
  host.replaceChildren(positions);
  if (shown.length < snapshot.positionCount) {
    const button = el('button', { type: 'button', className: 'secondary', id: 'holdings-show-all' },
      `Show all ${formatInteger(snapshot.positionCount)} positions`);
    button.addEventListener('click', async () => {
      button.disabled = true;
      button.textContent = 'Loading…';
      try {
        // The same snapshot, every position.
        const all = await getJson(apiPath(`${base}/holdings`, { source: snapshot.source, asOf: snapshot.asOf }));
        renderHoldingsTable(host, symbol, all, base);
        host.querySelector('table')?.focus?.();
      } catch (error) {
        button.disabled = false;
        button.textContent = `Show all ${formatInteger(snapshot.positionCount)} positions`;
        showStatus(host, `Could not load every position: ${error.message}`, 'error');
      }
    });
    host.append(el('p', { className: 'controls' }, button));
  }
}

function renderTreemap(snapshot) {
  const items = snapshot.holdings.filter(h => h.weight !== null && h.weight > 0).map(h => ({ name: h.name, weight: h.weight }));
  const wrap = el('div', { className: 'chart-block' }, el('h3', {}, `Largest ${items.length} positions by weight`));
  if (items.length === 0) {
    wrap.append(el('p', { className: 'status' }, 'No weights to draw.'));
    return wrap;
  }
  const chartDiv = el('div', { className: 'chart', id: 'holdings-treemap', role: 'img',
    'aria-label': `Treemap of the ${items.length} largest positions by weight; the data table below lists them.` });
  wrap.append(chartDiv, dataTable(`Largest positions by weight (source ${snapshot.source}, as of ${formatDate(snapshot.asOf)})`,
    [{ label: 'Name', rowHeader: true }, { label: 'Weight', num: true }],
    items.map(i => [i.name, formatFractionAsPercent(i.weight)])));
  // Drawn once the element is in the document and has a size.
  requestAnimationFrame(() => {
    drawChart(chartDiv, {
      color: TREEMAP_COLORS,
      tooltip: { formatter: p => `${escapeHtml(p.name)}<br>${formatFractionAsPercent(p.value)} of net assets` },
      series: [{
        type: 'treemap',
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        width: '100%',
        height: '100%',
        top: 0, left: 0, right: 0, bottom: 0,
        label: { show: true, formatter: p => `${p.name}\n${formatFractionAsPercent(p.value)}`, color: '#fff', fontSize: 12, overflow: 'truncate' },
        itemStyle: { borderColor: '#fff', borderWidth: 1, gapWidth: 1 },
        levels: [{ colorMappingBy: 'index', color: TREEMAP_COLORS }],
        data: items.map(i => ({ name: i.name, value: i.weight })),
      }],
    });
    publishChart('holdings-treemap', chartDiv, items, { source: snapshot.source, asOf: snapshot.asOf });
  });
  return wrap;
}

// Dark enough for white labels (≥ 4.5:1).
const TREEMAP_COLORS = ['#0b4f9c', '#1f6f5c', '#6a3d9a', '#8a4b08', '#2d5f8a', '#5b5b5b', '#7a2e00', '#0a7a3d', '#3f4f8f', '#7d2f5c'];

function renderSectors(exposure) {
  const sectors = exposure.sector;
  const items = sectors.buckets.map(b => ({ name: b.name, weight: b.weight, count: b.count }));
  const wrap = el('div', { className: 'chart-block' }, el('h3', {}, 'Weight by sector'));
  if (items.length === 0) {
    wrap.append(el('p', { className: 'status' }, 'No sector data.'));
    return wrap;
  }
  const chartDiv = el('div', { className: 'chart small', id: 'sector-weights', role: 'img',
    'aria-label': `Bars of the fund's weight by sector, ${items.length} sectors; the data table below lists them.` });
  const note = [
    `Source ${exposure.snapshot.source}, as of ${formatDate(exposure.snapshot.asOf)}.`,
    sectors.classifiedShare !== null && sectors.classifiedShare !== undefined
      ? `${formatFractionAsPercent(sectors.classifiedShare)} of the weight has a sector.` : null,
    exposure.snapshot.note,
  ].filter(Boolean).join(' ');
  wrap.append(chartDiv, el('p', { className: 'note' }, note), dataTable('Weight by sector',
    [{ label: 'Sector', rowHeader: true }, { label: 'Weight', num: true }, { label: 'Positions', num: true }],
    items.map(i => [i.name, formatFractionAsPercent(i.weight), formatInteger(i.count)])));
  chartDiv.style.height = `${Math.max(160, items.length * 24 + 40)}px`;
  requestAnimationFrame(() => {
    const ordered = [...items].reverse(); // largest on top
    drawChart(chartDiv, {
      grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', formatter: p => `${escapeHtml(p.name)}: ${formatFractionAsPercent(p.value)}` },
      xAxis: { type: 'value', axisLabel: { formatter: v => `${(v * 100).toFixed(0)} %`, color: COLORS.muted }, splitLine: { lineStyle: { color: COLORS.grid } } },
      yAxis: { type: 'category', data: ordered.map(i => i.name), axisLabel: { color: COLORS.text } },
      series: [{
        type: 'bar',
        data: ordered.map(i => i.weight),
        itemStyle: { color: COLORS.accent },
        label: { show: true, position: 'right', color: COLORS.text, formatter: p => formatFractionAsPercent(p.value) },
      }],
    });
    publishChart('sector-weights', chartDiv, items, { source: exposure.snapshot.source, asOf: exposure.snapshot.asOf });
  });
  return wrap;
}

// ---- holdings changes ----

/** Lines of the "largest changes" table (the API lists them largest |Δw| first). */
const CHANGE_LINES = 10;

async function renderHoldingsChanges(container, symbol) {
  const base = `/api/etfs/${encodeURIComponent(symbol)}`;
  const history = await getJson(`${base}/holdings/history`);
  const part = body(container);
  // Sources with at least two snapshots can be compared; the preferred one (listed first) is the default.
  const comparable = history.sources.filter(s => s.count >= 2);
  if (comparable.length === 0) {
    showStatus(container, history.snapshots.length === 0
      ? `No holdings are stored for ${symbol}.`
      : `Changes need two snapshots of one source; ${symbol} has only one of each.`);
    container.dataset.empty = 'true';
    return;
  }

  const sourceSelect = el('select', { id: 'changes-source' });
  const fromSelect = el('select', { id: 'changes-from' });
  const toSelect = el('select', { id: 'changes-to' });
  const compare = el('button', { type: 'submit', id: 'changes-compare' }, 'Compare');
  const form = el('form', { className: 'controls', id: 'changes-form' },
    el('div', {}, el('label', { htmlFor: 'changes-source' }, 'Source'), sourceSelect),
    el('div', {}, el('label', { htmlFor: 'changes-from' }, 'From snapshot'), fromSelect),
    el('div', {}, el('label', { htmlFor: 'changes-to' }, 'To snapshot'), toSelect),
    compare);
  const result = el('div', { id: 'changes-result', 'aria-live': 'polite' });
  part.append(form, result);

  for (const source of comparable) {
    sourceSelect.append(el('option', { value: source.source }, `${source.source} (${source.count} snapshots)`));
  }
  const fillDates = () => {
    const dates = history.snapshots.filter(s => s.source === sourceSelect.value).map(s => s.asOf); // newest first
    const option = d => el('option', { value: d }, formatDate(d));
    fromSelect.replaceChildren(...dates.map(option));
    toSelect.replaceChildren(...dates.map(option));
    toSelect.value = dates[0];
    fromSelect.value = dates[1];
  };
  fillDates();
  sourceSelect.addEventListener('change', fillDates);

  const run = async () => {
    const from = fromSelect.value;
    const to = toSelect.value;
    if (from >= to) {
      showStatus(result, 'Pick a “from” snapshot older than the “to” snapshot.', 'error');
      result.dataset.ready = 'false';
      return;
    }
    result.dataset.ready = 'false';
    compare.disabled = true;
    try {
      const changes = await getJson(apiPath(`${base}/holdings/changes`, { source: sourceSelect.value, from, to, limit: CHANGE_LINES }));
      renderChanges(result, changes);
    } catch (error) {
      result.replaceChildren();
      showStatus(result, `Could not compare: ${error.message}`, 'error');
    } finally {
      compare.disabled = false;
    }
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    run();
  });
  await run();
}

function renderChanges(result, changes) {
  const span = `${formatDate(changes.from.asOf)} → ${formatDate(changes.to.asOf)}`;
  const counts = el('dl', { className: 'figures', id: 'changes-figures' },
    figure('turnover', 'Turnover (½ Σ |Δw|)', formatFractionAsPercent(changes.turnover), null),
    figure('added', 'Added', `${formatInteger(changes.addedCount)} positions`, null),
    figure('removed', 'Removed', `${formatInteger(changes.removedCount)} positions`, null),
    figure('changed', 'Changed', `${formatInteger(changes.changedCount)} positions`, null),
    figure('unchanged', 'Unchanged', `${formatInteger(changes.unchangedCount)} positions`, null),
    figure('top10', 'Top-10 weight', `${formatFractionAsPercent(changes.top10WeightFrom)} → ${formatFractionAsPercent(changes.top10WeightTo)}`, null));
  const header = el('p', { className: 'holdings-summary' }, `Source ${changes.source}: ${span}`);
  describeSource(header, { source: changes.source, asOf: changes.to.asOf, note: `compared with ${formatDate(changes.from.asOf)}` });
  const note = changes.to.note ?? changes.from.note;

  const moveHeaders = [{ label: 'Name', rowHeader: true }, { label: 'Ticker' }, { label: 'Weight then', num: true },
    { label: 'Weight now', num: true }, { label: 'Δ weight', num: true }, { label: 'Change' }];
  const moveRows = rows => rows.map(r => [
    r.name, r.ticker ?? MISSING, formatFractionAsPercent(r.weightFrom, { digits: 3 }), formatFractionAsPercent(r.weightTo, { digits: 3 }),
    { text: formatFractionAsPercent(r.weightChange, { digits: 3, signed: true }), className: signClass(r.weightChange) }, String(r.change),
  ]);
  const additions = changes.largestAdditions.length === 0
    ? el('p', { className: 'status' }, 'No position gained weight.')
    : table(`Largest additions, ${span}`, moveHeaders, moveRows(changes.largestAdditions));
  const deletions = changes.largestDeletions.length === 0
    ? el('p', { className: 'status' }, 'No position lost weight.')
    : table(`Largest deletions, ${span}`, moveHeaders, moveRows(changes.largestDeletions));
  additions.id = 'changes-additions';
  deletions.id = 'changes-deletions';

  const lines = changes.changes.length === 0
    ? el('p', { className: 'status' }, 'No position changed.')
    : table(`Changed positions, largest weight change first (${changes.changes.length} of ${formatInteger(changes.addedCount + changes.removedCount + changes.changedCount)}), ${span}`,
      [...moveHeaders.slice(0, 5), { label: 'Shares change', num: true }, { label: 'Change' }],
      changes.changes.map(r => [...moveRows([r])[0].slice(0, 5), formatSignedCount(r.sharesChange), String(r.change)]));
  lines.id = 'changes-lines';

  result.replaceChildren(...[header, counts, note ? el('p', { className: 'coverage-note' }, note) : null,
    el('div', { className: 'changes-grid' },
      el('div', {}, el('h3', {}, 'Largest additions'), additions),
      el('div', {}, el('h3', {}, 'Largest deletions'), deletions)),
    el('h3', {}, 'Changed positions'), lines].filter(Boolean));
  result.dataset.from = changes.from.asOf;
  result.dataset.to = changes.to.asOf;
  result.dataset.ready = 'true';
}
