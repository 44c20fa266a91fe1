// ETF page: key figures with their source and as-of date, the flow signal, the fee estimate, holdings, holdings changes.

/** Fills the #profile, #signal, #fees, #holdings and #holdings-changes sections. `detail` is /api/etfs/{symbol}'s answer. */
export async function renderProfile(symbol, detail) {
}
