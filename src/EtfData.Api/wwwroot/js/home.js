// Home page: search-as-you-type over /api/etfs?q= (results link to the ETF page). Only the public API is used.
import { el, etfHref, getJson, apiPath, initPage } from './common.js';

const search = document.getElementById('search');
const results = document.getElementById('results');
const status = document.getElementById('search-status');

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
    const page = await getJson(apiPath('/api/etfs', { q: query, pageSize: 20, sort: 'symbol' }), { signal: controller.signal });
    results.replaceChildren(...page.items.map(etf =>
      el('li', { dataset: { symbol: etf.symbol } },
        el('a', { href: etfHref(etf.symbol) }, el('span', { className: 'symbol' }, etf.symbol), etf.name ?? ''))));
    status.textContent = page.total === 0
      ? `No ETF matches “${query}”.`
      : `${page.total} ETF${page.total === 1 ? '' : 's'} match${page.total === 1 ? 'es' : ''} “${query}”${page.total > page.items.length ? `; the first ${page.items.length} are listed` : ''}.`;
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

initPage();
