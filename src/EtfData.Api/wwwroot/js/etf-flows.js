// ETF page: daily flow estimates with 5d / 20d sums and the method's label, N-PORT monthly flows beside them.

/** Fills the #flows and #nport-flows sections. `detail` is /api/etfs/{symbol}'s answer. */
export async function renderFlows(symbol, detail) {
}
