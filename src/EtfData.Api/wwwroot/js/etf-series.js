// ETF page: price and volume, AUM (observed points only), premium/discount to NAV.
import { createChart, CandlestickSeries, LineSeries, HistogramSeries } from '/vendor/lightweight-charts.standalone.production.mjs';
import {
  COLORS, apiPath, dataTable, describeSource, el, formatCompact, formatDate, formatPercent, formatSignedUsdCompact, formatUsd,
  formatUsdCompact, getJson, loadSection, numberCell, publishChart, setPressed, showStatus, signClass, timeChartOptions, toggleButton,
} from './common.js';

/** The sources /api/etfs/{symbol}/aum accepts (AumApi's `source`); the API has no list of the sources a fund has. */
const AUM_SOURCES = ['yahoo', 'ishares', 'spdr', 'invesco', 'sec-nport', 'schwab'];

/** Price ranges, in months back from the latest bar; null = the API's default (one year), 'all' = the longest range the API allows (50 years). */
const RANGES = [
  { id: '1M', label: '1M', months: 1 },
  { id: '3M', label: '3M', months: 3 },
  { id: '1Y', label: '1Y', months: null },
  { id: 'All', label: 'All', months: 600 },
];

// ---- pure helpers (exported for the browser tests) ----

/** "2025-03-07" minus `months` calendar months, as ISO (the day clamped to the month's length). */
export function monthsBefore(iso, months) {
  const [year, month, day] = iso.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, last));
  return first.toISOString().slice(0, 10);
}

/** Monday–Friday between two ISO days, exclusive: the calendar when no price bars are known. */
function weekdaysBetween(from, to) {
  const days = [];
  const day = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  for (day.setUTCDate(day.getUTCDate() + 1); day < end; day.setUTCDate(day.getUTCDate() + 1)) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.push(day.toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The items a line series draws for observed points: each point as given, and between two consecutive points a
 * whitespace item ({time} only) for every trading day of `tradingDays` that has no observation, so the line
 * breaks there instead of joining across. Nothing is interpolated. `points` are {time, value} sorted by time
 * (value null = no figure that day: whitespace too); `tradingDays` sorted ISO days (empty: weekdays are used).
 */
export function withGaps(points, tradingDays) {
  const items = [];
  let cursor = 0;
  for (let i = 0; i < points.length; i++) {
    const point = points[i];
    if (i > 0) {
      const previous = points[i - 1].time;
      if (tradingDays.length === 0) {
        for (const day of weekdaysBetween(previous, point.time)) items.push({ time: day });
      } else {
        while (cursor < tradingDays.length && tradingDays[cursor] <= previous) cursor++;
        while (cursor < tradingDays.length && tradingDays[cursor] < point.time) items.push({ time: tradingDays[cursor++] });
      }
    }
    items.push(point.value === null || point.value === undefined ? { time: point.time } : point);
  }
  return items;
}

const baseChart = container => createChart(container, timeChartOptions());

/** The trading-day calendar (days with a price bar) covering [from, to]; fetched only when `known` does not cover it. */
async function calendarFor(symbol, known, from, to) {
  if (known.length > 0 && known[0] <= from && known[known.length - 1] >= to) return known;
  const prices = await getJson(apiPath(`/api/etfs/${encodeURIComponent(symbol)}/prices`, { from, to }));
  return prices.bars.map(b => b.tradeDate);
}

// ---- #price ----

async function renderPrice(section, symbol, detail, firstLoad) {
  const latest = detail.latestPrice?.tradeDate ?? null;
  const state = { type: 'candlestick', adjusted: false, range: '1Y' };
  const chartBox = el('div', { className: 'chart tall', role: 'img', 'aria-label': `${symbol} daily price and volume` });
  const frame = el('div', { className: 'series-frame' }, chartBox);
  const note = el('p', { className: 'note' });
  const tableSlot = el('div');

  const typeButtons = [
    toggleButton('Candles', true, () => { state.type = 'candlestick'; setPressed(typeButtons, typeButtons[0]); draw(); }),
    toggleButton('Line', false, () => { state.type = 'line'; setPressed(typeButtons, typeButtons[1]); draw(); }),
  ];
  const adjustedButton = toggleButton('Adjusted for distributions', false, () => {
    state.adjusted = !state.adjusted;
    adjustedButton.setAttribute('aria-pressed', String(state.adjusted));
    load();
  });
  adjustedButton.id = 'price-adjusted';
  typeButtons[0].id = 'price-type-candles';
  typeButtons[1].id = 'price-type-line';
  const rangeButtons = RANGES.map(range => {
    const button = toggleButton(range.label, range.id === state.range, () => {
      state.range = range.id;
      setPressed(rangeButtons, button);
      load();
    });
    button.dataset.range = range.id;
    button.disabled = latest === null && range.months !== null;
    return button;
  });

  section.append(
    el('div', { className: 'controls series-controls' },
      el('div', { role: 'group', 'aria-label': 'Chart type', className: 'button-group' }, ...typeButtons),
      el('div', { role: 'group', 'aria-label': 'Range', className: 'button-group' }, ...rangeButtons),
      adjustedButton),
    frame, note, tableSlot);

  const chart = baseChart(chartBox);
  let priceSeries = null;
  const volumeSeries = chart.addSeries(HistogramSeries, {
    priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false, title: 'Volume',
  }, 1);
  chart.panes()[1]?.setHeight(90);
  let answer = null;
  let loading = null;

  function draw() {
    if (answer === null) return;
    const bars = answer.bars;
    if (priceSeries) chart.removeSeries(priceSeries);
    const format = { type: 'custom', minMove: 0.01, formatter: formatUsd };
    let items;
    if (state.type === 'candlestick') {
      priceSeries = chart.addSeries(CandlestickSeries, {
        upColor: COLORS.up, borderUpColor: COLORS.up, wickUpColor: COLORS.up,
        downColor: COLORS.down, borderDownColor: COLORS.down, wickDownColor: COLORS.down, priceFormat: format,
      }, 0);
      items = bars.map(b => ({ time: b.tradeDate, open: b.open, high: b.high, low: b.low, close: b.close }));
    } else {
      priceSeries = chart.addSeries(LineSeries, { color: COLORS.accent, lineWidth: 2, priceFormat: format }, 0);
      items = bars.map(b => ({ time: b.tradeDate, value: b.close }));
    }
    priceSeries.setData(items);
    const volumes = bars.filter(b => b.volume !== null && b.volume !== undefined)
      .map(b => ({ time: b.tradeDate, value: b.volume, color: b.close >= b.open ? '#7fbf9a' : '#e0938d' }));
    volumeSeries.setData(volumes);
    chart.timeScale().fitContent();
    publishChart('price', chartBox, items, { seriesType: state.type, adjusted: answer.adjusted, range: state.range, from: answer.from, to: answer.to });
    publishChart('volume', frame, volumes.map(v => ({ time: v.time, value: v.value })));
  }

  function describe() {
    const bars = answer.bars;
    const kind = answer.adjusted ? 'adjusted for splits and distributions' : 'split-adjusted, not adjusted for distributions';
    note.textContent = bars.length === 0
      ? `No price bars for ${symbol} in this range.`
      : `${bars.length} daily bars, ${formatDate(bars[0].tradeDate)} – ${formatDate(bars[bars.length - 1].tradeDate)}; prices in USD, ${kind}; volume in shares.`;
    describeSource(note, { source: 'Yahoo Finance daily bars', asOf: answer.asOf });
    chartBox.setAttribute('aria-label', `${symbol} daily ${state.type === 'line' ? 'closes' : 'candles'} and volume. ${note.textContent}`);
    tableSlot.replaceChildren(dataTable(
      `${symbol} daily bars (USD; volume in shares)${answer.asOf ? `, latest bar ${formatDate(answer.asOf)}` : ''}`,
      [{ label: 'Date', rowHeader: true }, { label: 'Open', num: true }, { label: 'High', num: true }, { label: 'Low', num: true },
        { label: 'Close', num: true }, { label: 'Volume', num: true }],
      [...bars].reverse().map(b => [formatDate(b.tradeDate), formatUsd(b.open), formatUsd(b.high), formatUsd(b.low), formatUsd(b.close),
        formatCompact(b.volume, 'shares')])));
  }

  async function load(initial = null) {
    chartBox.dataset.ready = 'false';
    frame.dataset.ready = 'false';
    const range = RANGES.find(r => r.id === state.range);
    const query = { adjusted: state.adjusted };
    if (range.months !== null && latest !== null) {
      query.from = monthsBefore(latest, range.months);
      query.to = latest;
    }
    const request = initial ?? getJson(apiPath(`/api/etfs/${encodeURIComponent(symbol)}/prices`, query));
    loading = request;
    const result = await request;
    if (loading !== request) return; // a later choice superseded this answer
    answer = result;
    const message = section.querySelector(':scope > .status');
    if (answer.bars.length === 0) showStatus(section, `No price bars for ${symbol} in this range.`);
    else message?.remove();
    describe();
    draw();
  }

  await load(firstLoad);
}

// ---- #aum ----

async function renderAum(section, symbol, calendarPromise) {
  const chartBox = el('div', { className: 'chart', role: 'img', 'aria-label': `${symbol} assets under management` });
  const select = el('select', { id: 'aum-source' },
    el('option', { value: '' }, 'Latest reporting source'),
    ...AUM_SOURCES.map(s => el('option', { value: s }, s)));
  const figure = el('p', { className: 'series-figure' });
  const tableSlot = el('div');
  section.append(
    el('div', { className: 'controls' }, el('label', { htmlFor: 'aum-source' }, 'Source'), select),
    figure, chartBox, tableSlot);

  let chart = null;
  let series = null;
  let loading = null;

  async function load() {
    chartBox.dataset.ready = 'false';
    const request = getJson(apiPath(`/api/etfs/${encodeURIComponent(symbol)}/aum`, { source: select.value }));
    loading = request;
    const answer = await request;
    if (loading !== request) return;
    const points = answer.points;
    const message = section.querySelector(':scope > .status');
    if (points.length === 0) {
      showStatus(section, `No AUM observations for ${symbol}${select.value ? ` from ${select.value}` : ''}.`);
      series?.setData([]);
      figure.replaceChildren();
      tableSlot.replaceChildren();
      chartBox.hidden = true;
      publishChart('aum', chartBox, []);
      return;
    }
    message?.remove();
    chartBox.hidden = false;

    const observed = points.map(p => ({ time: p.date, value: p.aumUsd }));
    let calendar = await calendarPromise;
    calendar = await calendarFor(symbol, calendar, points[0].date, points[points.length - 1].date).catch(() => []);
    if (chart === null) {
      chart = baseChart(chartBox);
      series = chart.addSeries(LineSeries, {
        color: COLORS.accent, lineWidth: 2, pointMarkersVisible: true, pointMarkersRadius: 3,
        priceFormat: { type: 'custom', minMove: 1, formatter: formatUsdCompact },
      });
    }
    const items = withGaps(observed, calendar);
    series.setData(items);
    chart.timeScale().fitContent();

    const last = points[points.length - 1];
    const gaps = items.length - observed.length;
    figure.replaceChildren('Latest: ', describeSource(el('strong', {}, formatUsdCompact(last.aumUsd)), { source: answer.source, asOf: answer.asOf }),
      ` (${formatDate(last.date)}) · ${points.length} observations from ${answer.source}`,
      gaps > 0 ? ` · ${gaps} trading day${gaps === 1 ? '' : 's'} without an observation left as gaps` : '');
    chartBox.setAttribute('aria-label', `${symbol} AUM, ${points.length} observations from ${answer.source}, ${formatDate(points[0].date)} to ${formatDate(last.date)}; latest ${formatUsdCompact(last.aumUsd)}.`);
    tableSlot.replaceChildren(dataTable(
      `${symbol} AUM in USD, source ${answer.source}, as of ${formatDate(answer.asOf)}; change against the previous observation (none when it is more than 5 days earlier)`,
      [{ label: 'Date', rowHeader: true }, { label: 'AUM', num: true }, { label: 'Day-over-day change', num: true }, { label: 'Day-over-day %', num: true }],
      [...points].reverse().map(p => [
        formatDate(p.date),
        describeSource(el('td', { className: 'num' }, formatUsdCompact(p.aumUsd)), { source: answer.source, asOf: p.date }),
        numberCell(formatSignedUsdCompact(p.dayOverDayUsd), p.dayOverDayUsd),
        numberCell(formatPercent(p.dayOverDayPct, { signed: true }), p.dayOverDayPct),
      ])));
    publishChart('aum', chartBox, observed, { source: answer.source, whitespace: items.filter(i => !('value' in i)).map(i => i.time) });
  }

  select.addEventListener('change', () => loadSection(section, load));
  await load();
}

// ---- #premium ----

async function renderPremium(section, symbol, detail, calendarPromise) {
  const answer = await getJson(`/api/etfs/${encodeURIComponent(symbol)}/premium`);
  const days = answer.days;
  const chartBox = el('div', { className: 'chart', role: 'img', 'aria-label': `${symbol} premium or discount to NAV` });
  if (days.length === 0) {
    showStatus(section, `No premium/discount data for ${symbol}: no day has both a close and a NAV.`);
    publishChart('premium', chartBox, []);
    return;
  }

  const latest = detail.premiumDiscountPct;
  const figure = el('p', { className: 'series-figure' });
  if (latest) {
    figure.append('Latest: ', describeSource(el('strong', { className: signClass(latest.value) },
      `${formatPercent(latest.value, { digits: 4, signed: true })} ${latest.value > 0 ? 'premium' : latest.value < 0 ? 'discount' : ''}`.trim()),
    { source: `NAV from ${latest.source}`, asOf: latest.asOf }));
  }
  section.append(figure, chartBox, el('p', { className: 'note' },
    '(close − NAV) / NAV in percent, only on days with a close and a NAV of that same day; above zero = premium, below = discount.'));

  const observed = days.map(d => ({ time: d.date, value: d.premiumDiscountPct }));
  let calendar = await calendarPromise;
  calendar = await calendarFor(symbol, calendar, days[0].date, days[days.length - 1].date).catch(() => []);
  const chart = baseChart(chartBox);
  const series = chart.addSeries(LineSeries, {
    color: COLORS.accent, lineWidth: 2, pointMarkersVisible: days.length <= 60,
    priceFormat: { type: 'custom', minMove: 0.0001, formatter: v => formatPercent(Math.abs(v) < 5e-4 ? 0 : v, { digits: 3, signed: true }) },
  });
  series.createPriceLine({ price: 0, color: COLORS.neutral, lineWidth: 1, lineStyle: 0, axisLabelVisible: false });
  series.setData(withGaps(observed, calendar));
  chart.timeScale().fitContent();

  const sources = [...new Set(days.map(d => d.navSource))].join(', ');
  section.append(dataTable(
    `${symbol} premium/discount to NAV in percent; close and NAV per share in USD; NAV source ${sources}; as of ${formatDate(answer.asOf)}`,
    [{ label: 'Date', rowHeader: true }, { label: 'Close', num: true }, { label: 'NAV per share', num: true }, { label: 'Premium / discount', num: true }],
    [...days].reverse().map(d => [
      formatDate(d.date), formatUsd(d.close),
      describeSource(el('td', { className: 'num' }, formatUsd(d.navPerShare)), { source: d.navSource, asOf: d.date }),
      numberCell(formatPercent(d.premiumDiscountPct, { digits: 4, signed: true }), d.premiumDiscountPct),
    ])));
  publishChart('premium', chartBox, observed.filter(p => p.value !== null));
}

/** Fills the #price, #aum and #premium sections. `detail` is /api/etfs/{symbol}'s answer. */
export async function renderSeries(symbol, detail) {
  const priceSection = document.getElementById('price');
  const aumSection = document.getElementById('aum');
  const premiumSection = document.getElementById('premium');
  // The price bars double as the trading-day calendar that tells the AUM and premium charts where a day is missing.
  const prices = getJson(apiPath(`/api/etfs/${encodeURIComponent(symbol)}/prices`, { adjusted: false }));
  const calendar = prices.then(p => p.bars.map(b => b.tradeDate), () => []);
  await Promise.all([
    loadSection(priceSection, () => renderPrice(priceSection, symbol, detail, prices)),
    loadSection(aumSection, () => renderAum(aumSection, symbol, calendar)),
    loadSection(premiumSection, () => renderPremium(premiumSection, symbol, detail, calendar)),
  ]);
}
