#!/usr/bin/env python3
"""Writes the Yahoo fixtures of EtfData's tests: the project's own payloads in Yahoo's wire format
(compact JSON, prices as float32 widened to double, epoch-second timestamps at the session open in
UTC). Values are invented but shaped like real sessions; re-run to regenerate."""
import json, struct
from datetime import datetime, date, time, timedelta, timezone
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")

def f32(x):
    return struct.unpack("f", struct.pack("f", round(x, 4)))[0]

def f32s(x):
    """A float32 as quoteSummary prints it: the shortest text that round-trips the float32 (0.0139999995)."""
    target = struct.unpack("f", struct.pack("f", x))[0]
    for p in range(1, 10):
        text = "%.*g" % (p, target)
        if struct.unpack("f", struct.pack("f", float(text)))[0] == target:
            return float(text)
    return target

def at(d, hh=9, mm=30, ss=0):
    return int(datetime.combine(d, time(hh, mm, ss), NY).timestamp())

def period(d, pre, start, end, post):
    off = int(datetime.combine(d, time(12), NY).utcoffset().total_seconds())
    tz = "EDT" if off == -14400 else "EST"
    p = lambda a, b: {"timezone": tz, "start": at(d, *a), "end": at(d, *b), "gmtoffset": off}
    return {"pre": p(pre, start), "regular": p(start, end), "post": p(end, post)}

def meta(symbol, exchange, full, rmt, price, prev, trading_day, rng="", hint=2, name=None):
    off = int(datetime.fromtimestamp(rmt, NY).utcoffset().total_seconds())
    return {
        "currency": "USD", "symbol": symbol, "exchangeName": exchange, "fullExchangeName": full,
        "instrumentType": "ETF", "firstTradeDate": 1319117400, "regularMarketTime": rmt,
        "hasPrePostMarketData": True, "gmtoffset": off, "timezone": "EDT" if off == -14400 else "EST",
        "exchangeTimezoneName": "America/New_York", "regularMarketPrice": price,
        "fiftyTwoWeekHigh": round(price * 1.08, 2), "fiftyTwoWeekLow": round(price * 0.81, 2),
        "longName": name or symbol, "shortName": name or symbol, "chartPreviousClose": prev, "priceHint": hint,
        "currentTradingPeriod": period(trading_day, (4, 0), (9, 30), (16, 0), (20, 0)),
        "dataGranularity": "1d", "range": rng,
        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
    }

def chart(m, stamps, rows, adj, events=None):
    r = {"meta": m}
    if stamps:
        r["timestamp"] = stamps
    if events:
        r["events"] = events
    q = {}
    if rows:
        cols = list(zip(*rows))
        q = {"low": list(cols[2]), "open": list(cols[0]), "volume": list(cols[4]), "high": list(cols[1]), "close": list(cols[3])}
    r["indicators"] = {"quote": [q], "adjclose": [{"adjclose": adj} if adj else {}]}
    return {"chart": {"result": [r], "error": None}}

def write(name, payload):
    with open(name, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, separators=(",", ":"), ensure_ascii=False)

def days(start, n, skip=()):
    out, d = [], start
    while len(out) < n:
        if d.weekday() < 5 and d not in skip:
            out.append(d)
        d += timedelta(days=1)
    return out

# 1. SCHD: dividend (ex 2024-09-25) and 3:1 split (2024-10-11) in one range. Closes are split-adjusted:
#    before the split they are a third of the traded price.
schd_days = days(date(2024, 9, 23), 16)
closes = [27.83, 27.95, 27.71, 27.88, 28.02, 27.94, 27.79, 27.61, 27.70, 27.52, 27.66, 27.80, 27.74, 28.11, 28.36, 28.29]
rows, adj = [], []
div_amount, ex = 0.2504, date(2024, 9, 25)
factor = 1 - div_amount / closes[1]
for d, c in zip(schd_days, closes):
    o = c - 0.07
    rows.append((f32(o), f32(max(o, c) + 0.11), f32(min(o, c) - 0.09), f32(c), 9_876_000 + 12_345 * d.day))
    adj.append(f32(c * (factor if d < ex else 1)))
write("SCHD_chart_1d_2024-09-23_2024-10-15_div_split.json", chart(
    meta("SCHD", "PCX", "NYSEArca", at(date(2025, 2, 20), 16, 0, 1), 28.54, 27.9, date(2025, 2, 21), name="Schwab US Dividend Equity ETF"),
    [at(d) for d in schd_days], rows, adj,
    {"dividends": {str(at(ex)): {"amount": div_amount, "date": at(ex)}},
     "splits": {str(at(date(2024, 10, 11))): {"date": at(date(2024, 10, 11)), "numerator": 3, "denominator": 1, "splitRatio": "3:1"}}}))

# 2. SPY around Independence Day 2025: the 2025-07-04 row is all nulls (holiday quirk).
spy_days = [date(2025, 6, 30), date(2025, 7, 1), date(2025, 7, 2), date(2025, 7, 3), date(2025, 7, 4), date(2025, 7, 7)]
spy_close = [617.85, 617.65, 620.45, 625.34, None, 620.68]
rows = []
for c in spy_close:
    rows.append((None,) * 5 if c is None else (f32(c - 1.2), f32(c + 1.9), f32(c - 2.4), f32(c), 71_234_500))
write("SPY_chart_1d_2025-06-30_2025-07-08_holiday_null.json", chart(
    meta("SPY", "PCX", "NYSEArca", at(date(2025, 7, 7), 16, 0, 1), 620.68, 614.91, date(2025, 7, 8), name="SPDR S&P 500 ETF Trust"),
    [at(d) for d in spy_days], rows, [None if c is None else f32(c * 0.9987) for c in spy_close]))

# 3. IVV asked for a range without sessions (a weekend): no timestamp, quote [{}].
write("IVV_chart_1d_empty_range.json", chart(
    meta("IVV", "PCX", "NYSEArca", at(date(2025, 3, 7), 16, 0, 1), 579.12, 579.12, date(2025, 3, 10), name="iShares Core S&P 500 ETF"),
    [], [], None))

# 4. QQQ range=5d fetched at 12:45:12 EST on Friday 2025-03-07 while the session is open: the last bar is
#    live, stamped with regularMarketTime rather than the session open.
qqq_days = days(date(2025, 3, 3), 5)
qqq_close = [497.05, 495.66, 501.02, 486.45, 489.12]
live = int(datetime(2025, 3, 7, 12, 45, 12, tzinfo=NY).timestamp())
rows = [(f32(c + 3.1), f32(c + 5.2), f32(c - 4.4), f32(c), 48_100_000 if i < 4 else 21_033_117) for i, c in enumerate(qqq_close)]
write("QQQ_chart_1d_5d_live_bar.json", chart(
    meta("QQQ", "NGM", "NasdaqGM", live, 489.12, 508.12, date(2025, 3, 7), rng="5d", name="Invesco QQQ Trust, Series 1"),
    [at(d) for d in qqq_days[:4]] + [live], rows, [f32(c) for c in qqq_close]))

# 5. quoteSummary, formatted=false, all fund modules (IVV).
holdings = [("NVDA", "NVIDIA Corp", 0.0712), ("MSFT", "Microsoft Corp", 0.0655), ("AAPL", "Apple Inc", 0.0621),
            ("AMZN", "Amazon.com Inc", 0.0398), ("META", "Meta Platforms Inc Class A", 0.0287),
            ("AVGO", "Broadcom Inc", 0.0243), ("GOOGL", "Alphabet Inc Class A", 0.0205),
            ("GOOG", "Alphabet Inc Class C", 0.0168), ("TSLA", "Tesla Inc", 0.0164),
            ("BRK-B", "Berkshire Hathaway Inc Class B", 0.0161)]
sectors = [("realestate", 0.0212), ("consumer_cyclical", 0.1043), ("basic_materials", 0.0195), ("consumer_defensive", 0.0561),
           ("technology", 0.3254), ("communication_services", 0.0937), ("financial_services", 0.1342),
           ("utilities", 0.0241), ("industrials", 0.0739), ("energy", 0.0301), ("healthcare", 0.1175)]
ivv_time = int(datetime(2025, 8, 1, 16, 0, tzinfo=NY).timestamp())
def quote_type(symbol, name, first):
    return {"exchange": "PCX", "quoteType": "ETF", "symbol": symbol, "underlyingSymbol": symbol, "shortName": name,
            "longName": name, "firstTradeDateEpochUtc": first, "timeZoneFullName": "America/New_York",
            "timeZoneShortName": "EDT", "uuid": "00000000-0000-0000-0000-000000000000", "messageBoardId": "finmb_0",
            "gmtOffSetMilliseconds": -14400000, "maxAge": 1}
write("IVV_quoteSummary_fund_modules.json", {"quoteSummary": {"result": [{
    "fundProfile": {"maxAge": 1, "styleBoxUrl": "https://s.yimg.com/lq/i/fi/3_0stylelargeeq2.gif", "family": "iShares",
                    "categoryName": "Large Blend", "legalType": "Exchange Traded Fund",
                    "managementInfo": {"managerName": None, "managerBio": None},
                    "feesExpensesInvestment": {"annualReportExpenseRatio": 0.0003, "annualHoldingsTurnover": 0.03,
                                               "totalNetAssets": 984512.77, "projectionValues": {}},
                    "feesExpensesInvestmentCat": {"annualReportExpenseRatio": 0.0074, "annualHoldingsTurnover": 0.4846,
                                                  "totalNetAssets": 984512.77, "projectionValuesCat": {}},
                    "brokerages": []},
    "summaryDetail": {"maxAge": 1, "priceHint": 2, "previousClose": 636.94, "open": 631.48, "dayLow": 625.31,
                      "dayHigh": 632.5, "volume": 9873215, "averageVolume": 6120455, "yield": 0.0125,
                      "totalAssets": 641981431808, "navPrice": 626.93, "trailingAnnualDividendRate": 7.69,
                      "trailingAnnualDividendYield": 0.012073352, "currency": "USD", "fromCurrency": None,
                      "toCurrency": None, "lastMarket": None, "tradeable": False},
    "price": {"maxAge": 1, "regularMarketTime": ivv_time, "priceHint": 2, "regularMarketPrice": 627.12,
              "exchange": "PCX", "exchangeName": "NYSEArca", "marketState": "CLOSED", "quoteType": "ETF",
              "symbol": "IVV", "shortName": "iShares Core S&P 500 ETF", "longName": "iShares Core S&P 500 ETF",
              "currency": "USD", "currencySymbol": "$"},
    "defaultKeyStatistics": {"maxAge": 1, "priceHint": 2, "category": "Large Blend", "ytdReturn": 0.07811,
                             "beta3Year": 1.0, "totalAssets": 641981431808, "yield": 0.0125, "fundFamily": "iShares",
                             "fundInceptionDate": 958348800, "legalType": "Exchange Traded Fund",
                             "sharesOutstanding": 1024013000, "lastSplitFactor": None},
    "topHoldings": {"maxAge": 1, "cashPosition": 0.0011, "stockPosition": 0.9989, "bondPosition": 0,
                    "otherPosition": 0, "preferredPosition": 0, "convertiblePosition": 0,
                    "holdings": [{"symbol": s, "holdingName": n, "holdingPercent": f32s(w * 1.0000001)} for s, n, w in holdings],
                    "equityHoldings": {"priceToEarnings": 0.0371, "priceToBook": 0.1898},
                    "bondHoldings": {}, "bondRatings": [{"us_government": 0}],
                    "sectorWeightings": [{k: f32s(v * 1.0000001)} for k, v in sectors]},
    "quoteType": quote_type("IVV", "iShares Core S&P 500 ETF", 958397400)}], "error": None}})

# 6. GLD: a grantor trust; Yahoo omits topHoldings (and reports no yield).
gld_time = int(datetime(2025, 8, 1, 16, 0, tzinfo=NY).timestamp())
write("GLD_quoteSummary_no_topHoldings.json", {"quoteSummary": {"result": [{
    "fundProfile": {"maxAge": 1, "family": "SPDR State Street Global Advisors", "categoryName": "Commodities Focused",
                    "legalType": "Exchange Traded Fund",
                    "feesExpensesInvestment": {"annualReportExpenseRatio": 0.004, "totalNetAssets": 1502.11, "projectionValues": {}},
                    "brokerages": []},
    "summaryDetail": {"maxAge": 1, "priceHint": 2, "previousClose": 302.29, "totalAssets": 101453611008,
                      "navPrice": 309.93, "currency": "USD", "tradeable": False},
    "price": {"maxAge": 1, "regularMarketTime": gld_time, "regularMarketPrice": 309.86, "quoteType": "ETF",
              "symbol": "GLD", "shortName": "SPDR Gold Trust", "longName": "SPDR Gold Shares", "currency": "USD"},
    "defaultKeyStatistics": {"maxAge": 1, "category": "Commodities Focused", "totalAssets": 101453611008,
                             "fundFamily": "SPDR State Street Global Advisors", "fundInceptionDate": 1100736000,
                             "legalType": "Exchange Traded Fund"},
    "quoteType": quote_type("GLD", "SPDR Gold Shares", 1100788200)}], "error": None}})

# 7. Default (formatted) form: numbers as {raw, fmt}, absent values as {}.
write("QQQ_quoteSummary_formatted.json", {"quoteSummary": {"result": [{
    "fundProfile": {"maxAge": 1, "family": "Invesco", "categoryName": "Large Growth", "legalType": "Exchange Traded Fund",
                    "managementInfo": {"managerName": None, "managerBio": None, "startdate": {}},
                    "feesExpensesInvestment": {"annualReportExpenseRatio": {"raw": 0.002, "fmt": "0.20%"},
                                               "frontEndSalesLoad": {}, "netExpRatio": {},
                                               "annualHoldingsTurnover": {"raw": 0.080699995, "fmt": "8.07%"},
                                               "totalNetAssets": {"raw": 653084.1, "fmt": "653,084.12"}, "projectionValues": {}},
                    "initInvestment": {}, "brokerages": []},
    "summaryDetail": {"maxAge": 1, "yield": {"raw": 0.0049, "fmt": "0.49%"},
                      "totalAssets": {"raw": 389612748800, "fmt": "389.61B", "longFmt": "389,612,748,800"},
                      "navPrice": {"raw": 565.73, "fmt": "565.73"}, "currency": "USD"},
    "defaultKeyStatistics": {"maxAge": 1, "fundInceptionDate": {"raw": 921024000, "fmt": "1999-03-10"},
                             "fundFamily": "Invesco", "category": "Large Growth", "sharesOutstanding": {}},
    "price": {"maxAge": 1, "regularMarketTime": {"raw": 1760731200, "fmt": "4:00PM EDT"}, "symbol": "QQQ",
              "longName": "Invesco QQQ Trust", "quoteType": "ETF", "currency": "USD"},
    "quoteType": quote_type("QQQ", "Invesco QQQ Trust", 921076200)}], "error": None}})

# 8. 404 bodies: modules that do not exist for the symbol, and an unknown symbol.
write("QQQ_quoteSummary_modules_404.json", {"quoteSummary": {"result": None, "error": {
    "code": "Not Found", "description": "No fundamentals data found for any of the summaryTypes=topHoldings"}}})
write("ZZZZ_quoteSummary_unknown_404.json", {"quoteSummary": {"result": None, "error": {
    "code": "Not Found", "description": "Quote not found for symbol: ZZZZ"}}})
write("ZZZZ_chart_unknown_404.json", {"chart": {"result": None, "error": {
    "code": "Not Found", "description": "No data found, symbol may be delisted"}}})
