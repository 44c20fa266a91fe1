// ETF page: price and volume, AUM (observed points only), premium/discount to NAV.

/** Fills the #price, #aum and #premium sections. `detail` is /api/etfs/{symbol}'s answer. */
export async function renderSeries(symbol, detail) {
}
