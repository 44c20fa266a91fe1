// Home page: the generated-data banner and search-as-you-type over /api/etfs?q=. Only the public API is used.

const banner = document.getElementById('demo-banner');
const search = document.getElementById('search');
const results = document.getElementById('results');
const status = document.getElementById('search-status');

async function getJson(path, signal) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) {
    throw new Error(`${path} answered ${response.status}`);
  }
  return response.json();
}

async function showDatasetBanner() {
  try {
    const health = await getJson('/api/health');
    banner.hidden = health.dataset !== 'demo';
  } catch {
    banner.hidden = true;
  }
}

let pending = null;
let timer = 0;

async function runSearch(text) {
  pending?.abort();
  const query = text.trim();
  if (query === '') {
    results.replaceChildren();
    status.textContent = '';
    return;
  }
  const controller = new AbortController();
  pending = controller;
  try {
    const page = await getJson(`/api/etfs?q=${encodeURIComponent(query)}&pageSize=20&sort=symbol`, controller.signal);
    results.replaceChildren(...page.items.map(etf => {
      const item = document.createElement('li');
      item.dataset.symbol = etf.symbol;
      const symbol = document.createElement('span');
      symbol.className = 'symbol';
      symbol.textContent = etf.symbol;
      item.append(symbol, document.createTextNode(etf.name ?? ''));
      return item;
    }));
    status.textContent = page.total === 0
      ? `No ETF matches “${query}”.`
      : `${page.total} ETF${page.total === 1 ? "" : "s"} match${page.total === 1 ? "es" : ""} “${query}”${page.total > page.items.length ? `; the first ${page.items.length} are listed` : ''}.`;
  } catch (error) {
    if (error.name !== 'AbortError') {
      status.textContent = `Search failed: ${error.message}`;
    }
  }
}

search.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => runSearch(search.value), 150);
});

showDatasetBanner();
