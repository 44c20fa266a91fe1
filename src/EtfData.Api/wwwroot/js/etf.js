// ETF page (/etf.html?symbol=SPY): one request for the ETF's detail, then each section loads on its own.
import { ApiError, getJson, initPage } from './common.js';
import { renderProfile } from './etf-profile.js';
import { renderFlows } from './etf-flows.js';
import { renderSeries } from './etf-series.js';

const status = document.getElementById('etf-status');
const title = document.getElementById('etf-title');
const body = document.getElementById('etf-body');

async function main() {
  initPage();
  const symbol = (new URLSearchParams(location.search).get('symbol') ?? '').trim().toUpperCase();
  if (symbol === '') {
    title.textContent = 'No ETF chosen';
    status.textContent = 'Open an ETF from the home page\'s search, or add ?symbol=SPY to the address.';
    return;
  }
  title.textContent = symbol;
  status.textContent = `Loading ${symbol}…`;
  let detail;
  try {
    detail = await getJson(`/api/etfs/${encodeURIComponent(symbol)}`);
  } catch (error) {
    title.textContent = symbol;
    status.dataset.kind = 'error';
    status.textContent = error instanceof ApiError && error.status === 404
      ? `EtfData does not know an ETF with the symbol ${symbol}.`
      : `Could not load ${symbol}: ${error.message}`;
    return;
  }
  document.title = `${detail.symbol} — EtfData`;
  title.textContent = `${detail.symbol} · ${detail.name}`;
  status.textContent = '';
  body.hidden = false;
  await Promise.all([renderProfile(detail.symbol, detail), renderSeries(detail.symbol, detail), renderFlows(detail.symbol, detail)]);
  document.body.dataset.ready = 'true';
}

main();
