// ETF page: price and volume, AUM (observed points only), premium/discount, daily flows, N-PORT monthly flows.

/** Fills the #price, #aum, #premium, #flows and #nport-flows sections. `detail` is /api/etfs/{symbol}'s answer. */
export async function renderSeries(symbol, detail) {
}
