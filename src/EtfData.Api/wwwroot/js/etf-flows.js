// ETF page: daily flow estimates with 5d / 20d sums and the method's label, N-PORT monthly flows beside them.
import { createChart, HistogramSeries, LineSeries } from '/vendor/lightweight-charts.standalone.production.mjs';
import {
  COLORS, MISSING, apiPath, dataTable, describeSource, drawChart, el, escapeHtml, formatDate, formatMonth, formatPercent,
  formatSignedUsdCompact, formatUsdCompact, getJson, loadSection, numberCell, publishChart, setPressed, showStatus, signClass,
  timeChartOptions, toggleButton,
} from './common.js';

// The methods as the API documents them (FlowSeries.method, GET /api/flows/top, README's `flows` job).
const METHODS = {
  aum: {
    name: 'AUM method',
    label: 'Estimated from AUM and NAV (AUM method): AUM_t − AUM_prev × NAV_t / NAV_prev',
  },
  shares: {
    name: 'Shares method',
    label: 'Estimated from shares outstanding and NAV (shares method): (SO_t − SO_prev) × NAV_t',
  },
};
const METHOD_NOTE = 'Net creations (+) or redemptions (−) in USD, estimated from reported AUM, NAV and shares outstanding (never volume × price), '
  + 'only between two real observations at most 5 days apart; days without an estimate are left out, never filled.';
const ROLLING_COLORS = { rolling5dUsd: '#8a4f00', rolling20dUsd: '#5a2d91' };

/** Fills the #flows and #nport-flows sections. `detail` is /api/etfs/{symbol}'s answer. */
export async function renderFlows(symbol, detail) {
  const flows = document.getElementById('flows');
  const nport = document.getElementById('nport-flows');
  await Promise.all([
    loadSection(flows, () => renderDaily(flows, symbol, detail)),
    loadSection(nport, () => renderNport(nport, symbol, detail)),
  ]);
}

function flowsPath(symbol, query) {
  return apiPath(`/api/etfs/${encodeURIComponent(symbol)}/flows`, query);
}

// ---- daily estimates ----

async function renderDaily(section, symbol, detail) {
  const methods = Object.keys(METHODS);
  const answers = await Promise.all(methods.map(method => getJson(flowsPath(symbol, { method }))));
  const available = answers.filter(answer => answer.days.length > 0);
  if (available.length === 0) {
    showStatus(section, `No daily flow estimates for ${symbol}.`);
    return;
  }
  const preferred = detail?.flows?.method;
  let current = available.find(answer => answer.method === preferred) ?? available[0];

  const label = el('p', { className: 'flows-method', id: 'flows-method' });
  const methodNote = el('p', { className: 'note' }, METHOD_NOTE);
  const controls = el('div', { className: 'controls', role: 'group', 'aria-label': 'Chart options' });
  const figures = el('dl', { className: 'figures', id: 'flows-figures' });
  const readout = el('p', { className: 'flows-readout note', id: 'flows-readout' });
  const chartDiv = el('div', { className: 'chart', id: 'flows-chart', role: 'img' });
  const legend = el('ul', { className: 'flows-legend', 'aria-hidden': 'true' },
    el('li', {}, el('span', { className: 'swatch', style: `background:${COLORS.up}` }), 'Inflow'),
    el('li', {}, el('span', { className: 'swatch', style: `background:${COLORS.down}` }), 'Outflow'),
    el('li', {}, el('span', { className: 'swatch line', style: `background:${ROLLING_COLORS.rolling5dUsd}` }), '5-day sum'),
    el('li', {}, el('span', { className: 'swatch line', style: `background:${ROLLING_COLORS.rolling20dUsd}` }), '20-day sum'));
  const tableSlot = el('div', {});
  section.append(label, methodNote, figures, controls, legend, chartDiv, readout, tableSlot);

  const chart = createChart(chartDiv, timeChartOptions({ localization: { priceFormatter: formatUsdCompact } }));
  const usdFormat = { type: 'custom', formatter: formatUsdCompact, minMove: 1 };
  const bars = chart.addSeries(HistogramSeries, { priceFormat: usdFormat, priceLineVisible: false, lastValueVisible: false });
  const lines = {
    rolling5dUsd: chart.addSeries(LineSeries, { color: ROLLING_COLORS.rolling5dUsd, lineWidth: 2, priceFormat: usdFormat, priceLineVisible: false, lastValueVisible: false }),
    rolling20dUsd: chart.addSeries(LineSeries, { color: ROLLING_COLORS.rolling20dUsd, lineWidth: 2, priceFormat: usdFormat, priceLineVisible: false, lastValueVisible: false }),
  };

  chart.subscribeCrosshairMove(param => {
    const day = param.logical === undefined ? null : current.days[Math.round(param.logical)];
    readout.textContent = day ? describeDay(day) : '';
  });

  const toggles = [['rolling5dUsd', '5-day sum'], ['rolling20dUsd', '20-day sum']].map(([key, text]) => {
    const button = toggleButton(`Show ${text}`, true, () => {
      const visible = button.getAttribute('aria-pressed') !== 'true';
      button.setAttribute('aria-pressed', String(visible));
      lines[key].applyOptions({ visible });
    }, { dataset: { line: key } });
    return button;
  });

  if (available.length > 1) {
    const choice = el('div', { className: 'method-choice', role: 'group', 'aria-label': 'Estimation method' },
      el('span', { className: 'label' }, 'Method:'),
      ...available.map(answer => {
        const button = toggleButton(METHODS[answer.method]?.name ?? answer.method, answer === current, () => {
          current = answer;
          setPressed(choice.querySelectorAll('button'), button);
          show();
        }, { dataset: { method: answer.method } });
        return button;
      }));
    controls.append(choice);
  }
  controls.append(...toggles);

  function show() {
    const days = current.days;
    const method = METHODS[current.method] ?? { name: current.method, label: current.method };
    label.textContent = method.label;
    label.dataset.method = current.method;
    renderDailyFigures(figures, current, method);

    bars.setData(days.map(d => ({ time: d.tradeDate, value: d.netFlowUsd, color: d.netFlowUsd >= 0 ? COLORS.up : COLORS.down })));
    for (const [key, series] of Object.entries(lines)) {
      series.setData(days.map(d => ({ time: d.tradeDate, value: d[key] })));
    }
    chart.timeScale().fitContent();

    const first = days[0];
    const last = days[days.length - 1];
    const inflowDays = days.filter(d => d.netFlowUsd > 0).length;
    chartDiv.setAttribute('aria-label',
      `Daily net flows of ${symbol} (${method.name}), ${days.length} days from ${formatDate(first.tradeDate)} to ${formatDate(last.tradeDate)}: `
      + `${inflowDays} inflow days, ${days.length - inflowDays} outflow or flat days; net ${formatSignedUsdCompact(current.cumulativeUsd)} over the range.`);
    readout.textContent = describeDay(last);

    tableSlot.replaceChildren(dataTable(
      `Daily net flows of ${symbol}, ${method.name}`,
      [{ label: 'Trade date', rowHeader: true }, { label: 'Measured from' }, { label: 'Net flow (USD)', num: true },
        { label: 'Flow (% of AUM)', num: true }, { label: '5-day sum (USD)', num: true }, { label: '20-day sum (USD)', num: true }],
      days.map(d => [
        formatDate(d.tradeDate),
        formatDate(d.previousDate),
        numberCell(formatSignedUsdCompact(d.netFlowUsd), d.netFlowUsd),
        numberCell(formatPercent(d.flowPctOfAum, { signed: true, digits: 3 }), d.flowPctOfAum),
        numberCell(formatSignedUsdCompact(d.rolling5dUsd), d.rolling5dUsd),
        numberCell(formatSignedUsdCompact(d.rolling20dUsd), d.rolling20dUsd)]),
      { captionHidden: true }));

    publishChart('flows', chartDiv, days.map(d => ({ time: d.tradeDate, value: d.netFlowUsd })), { method: current.method });
  }

  show();
}

function describeDay(day) {
  return `${formatDate(day.tradeDate)}: net flow ${formatSignedUsdCompact(day.netFlowUsd)} (${formatPercent(day.flowPctOfAum, { signed: true, digits: 3 })} of AUM), `
    + `5-day sum ${formatSignedUsdCompact(day.rolling5dUsd)}, 20-day sum ${formatSignedUsdCompact(day.rolling20dUsd)}`;
}

function renderDailyFigures(figures, answer, method) {
  const days = answer.days;
  const last = days[days.length - 1];
  const source = `EtfData's daily estimates, ${method.name}`;
  const figure = (key, term, value, note, text = formatSignedUsdCompact(value)) => {
    const dd = el('dd', { className: signClass(value), dataset: { figure: key, value: String(value) } }, text);
    describeSource(dd, { source, asOf: last.tradeDate, note });
    return el('div', {}, el('dt', {}, term), dd);
  };
  const count5 = Math.min(5, days.length);
  const count20 = Math.min(20, days.length);
  figures.replaceChildren(
    figure('latest', `Net flow ${formatDate(last.tradeDate)}`, last.netFlowUsd, `measured from ${formatDate(last.previousDate)}`),
    figure('rolling5d', '5-day sum', last.rolling5dUsd, `sum of the latest ${count5} daily estimates`),
    figure('rolling20d', '20-day sum', last.rolling20dUsd, `sum of the latest ${count20} daily estimates`),
    figure('cumulative', `Since ${formatDate(days[0].tradeDate)}`, answer.cumulativeUsd, `sum of all ${days.length} daily estimates shown`));
}

// ---- N-PORT monthly flows ----

function sourceNote(month) {
  return `Form N-PORT filing ${month.accession}, report date ${formatDate(month.reportDate)}`;
}

async function renderNport(section, symbol, detail) {
  const answer = await getJson(flowsPath(symbol, { method: 'nport-monthly' }));
  const months = answer.months;
  if (months.length === 0) {
    showStatus(section, `No N-PORT monthly flows for ${symbol}.`);
    section.dataset.empty = 'true';
    return;
  }

  const seriesMonths = months.filter(m => m.scope === 'series');
  const intro = el('p', { className: 'note' },
    'Exact monthly flows from SEC Form N-PORT filings: net new cash = sales − redemption, in USD (reinvested distributions left out). '
    + 'Filed quarterly with a lag, so the latest months of the daily estimates above have no N-PORT figure yet.');
  section.append(intro);
  if (seriesMonths.length > 0) {
    const seriesId = seriesMonths[seriesMonths.length - 1].seriesId;
    const classes = detail?.secSeriesClassCount;
    section.append(el('p', { className: 'scope-note', id: 'nport-scope', role: 'note', dataset: { scope: 'series' } },
      el('strong', {}, 'Whole series, not the ETF alone: '),
      `these are the flows of the entire SEC series ${seriesId ?? ''}${classes ? ` (${classes} share classes)` : ''}, `
      + `every share class together (mutual-fund classes included), not ${symbol}'s own flows`
      + `${seriesMonths.length < months.length ? ` (${seriesMonths.length} of ${months.length} months)` : ''}.`));
  } else {
    section.append(el('p', { className: 'note', id: 'nport-scope', dataset: { scope: 'fund' } }, `These are ${symbol}'s own flows (scope: fund).`));
  }

  const total = el('dd', { className: signClass(answer.netNewCashUsd), dataset: { figure: 'nport-total', value: String(answer.netNewCashUsd) } },
    formatSignedUsdCompact(answer.netNewCashUsd));
  describeSource(total, { source: 'SEC Form N-PORT', asOf: answer.asOf, note: `Σ net new cash of ${months.length} months` });
  const latestMonth = months[months.length - 1];
  const latest = el('dd', { className: signClass(latestMonth.netNewCashUsd), dataset: { figure: 'nport-latest', value: String(latestMonth.netNewCashUsd) } },
    formatSignedUsdCompact(latestMonth.netNewCashUsd));
  describeSource(latest, { source: 'SEC Form N-PORT', asOf: latestMonth.monthEnd, note: sourceNote(latestMonth) });
  section.append(el('dl', { className: 'figures' },
    el('div', {}, el('dt', {}, `Net new cash, ${formatMonth(latestMonth.monthEnd)}`), latest),
    el('div', {}, el('dt', {}, `Net new cash, ${formatMonth(months[0].monthEnd)} – ${formatMonth(latestMonth.monthEnd)}`), total)));

  const chartDiv = el('div', { className: 'chart', id: 'nport-chart', role: 'img' });
  const positive = months.filter(m => (m.netNewCashUsd ?? 0) > 0).length;
  chartDiv.setAttribute('aria-label',
    `Monthly net new cash of ${symbol} from N-PORT, ${months.length} months from ${formatMonth(months[0].monthEnd)} to ${formatMonth(latestMonth.monthEnd)}: `
    + `${positive} months of net inflow; ${formatSignedUsdCompact(answer.netNewCashUsd)} in total.`);
  section.append(chartDiv);

  drawChart(chartDiv, {
    animation: false,
    grid: { left: 72, right: 16, top: 16, bottom: 40 },
    textStyle: { color: COLORS.text },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: params => {
        const month = months[params[0].dataIndex];
        return [
          `<strong>${escapeHtml(formatMonth(month.monthEnd))}</strong> (month end ${escapeHtml(formatDate(month.monthEnd))})`,
          `Net new cash: ${escapeHtml(formatSignedUsdCompact(month.netNewCashUsd))}`,
          `Sales: ${escapeHtml(formatUsdCompact(month.salesUsd))} · Redemption: ${escapeHtml(formatUsdCompact(month.redemptionUsd))}`,
          `Scope: ${month.scope === 'series' ? `whole series ${escapeHtml(month.seriesId ?? '')}` : escapeHtml(month.scope ?? MISSING)}`,
          `Source: ${escapeHtml(sourceNote(month))}`,
        ].join('<br>');
      },
    },
    xAxis: {
      type: 'category',
      data: months.map(m => formatMonth(m.monthEnd)),
      axisLabel: { color: COLORS.muted },
      axisLine: { lineStyle: { color: COLORS.grid } },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: COLORS.muted, formatter: formatUsdCompact },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [{
      type: 'bar',
      name: 'Net new cash',
      data: months.map(m => ({ value: m.netNewCashUsd, itemStyle: { color: (m.netNewCashUsd ?? 0) >= 0 ? COLORS.up : COLORS.down } })),
    }],
  });

  section.append(dataTable(
    `N-PORT monthly flows of ${symbol}`,
    [{ label: 'Month end', rowHeader: true }, { label: 'Net new cash (USD)', num: true }, { label: 'Sales (USD)', num: true },
      { label: 'Redemption (USD)', num: true }, { label: 'Scope' }, { label: 'Source' }],
    months.map(m => [
      formatDate(m.monthEnd),
      numberCell(formatSignedUsdCompact(m.netNewCashUsd), m.netNewCashUsd),
      formatUsdCompact(m.salesUsd),
      formatUsdCompact(m.redemptionUsd),
      m.scope === 'series' ? `Series ${m.seriesId ?? ''}`.trim() : (m.scope ?? MISSING),
      { text: `${m.accession}, report date ${formatDate(m.reportDate)}`, className: 'source' }]),
    { captionHidden: true }));

  publishChart('nport-flows', chartDiv, months.map(m => ({ month: m.monthEnd, value: m.netNewCashUsd })), { scope: answer.scope });

  await renderReconciliation(section, symbol);
}

// The daily estimates summed per calendar month beside N-PORT's figure, every month the API lists (a month with
// neither stays in the table as dashes: a gap, not a zero).
async function renderReconciliation(section, symbol) {
  const answer = await getJson(`/api/etfs/${encodeURIComponent(symbol)}/flows/reconciliation`);
  const rows = answer.months;
  if (!rows.some(m => m.nport?.netNewCashUsd != null || m.aum.netFlowUsd != null || m.shares.netFlowUsd != null)) return;
  const estimate = sum => {
    if (sum.netFlowUsd === null || sum.netFlowUsd === undefined) return el('td', { className: 'num' }, MISSING);
    const cell = numberCell(`${formatSignedUsdCompact(sum.netFlowUsd)} (${sum.daysWithEstimate} of ${sum.tradingDays} days)`, sum.netFlowUsd);
    describeSource(cell, { source: `Σ of EtfData's daily estimates, ${sum.method} method`, note: sum.sources.length ? `from ${sum.sources.join(', ')}` : null });
    return cell;
  };
  section.append(el('details', { className: 'reconciliation', id: 'nport-reconciliation' },
    el('summary', {}, 'Daily estimates summed per month vs N-PORT'),
    el('p', { className: 'note' }, answer.method),
    el('table', {},
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, 'Month'),
        el('th', { scope: 'col', className: 'num' }, 'Σ daily, AUM method (USD)'),
        el('th', { scope: 'col', className: 'num' }, 'Σ daily, shares method (USD)'),
        el('th', { scope: 'col', className: 'num' }, 'N-PORT net new cash (USD)'),
        el('th', { scope: 'col', className: 'num' }, 'AUM method vs N-PORT (%)'))),
      el('tbody', {}, ...rows.map(m => {
        const nportCell = m.nport?.netNewCashUsd != null
          ? describeSource(numberCell(formatSignedUsdCompact(m.nport.netNewCashUsd), m.nport.netNewCashUsd),
            { source: 'SEC Form N-PORT', note: `${sourceNote(m.nport)}${m.nport.note ? `; ${m.nport.note}` : ''}` })
          : el('td', { className: 'num' }, MISSING);
        return el('tr', {},
          el('th', { scope: 'row' }, formatMonth(m.monthStart)),
          estimate(m.aum),
          estimate(m.shares),
          nportCell,
          el('td', { className: 'num' }, formatPercent(m.aum.differencePct, { signed: true, digits: 1 })));
      })))));
}
