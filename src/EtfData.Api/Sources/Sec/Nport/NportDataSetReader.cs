using System.Globalization;
using System.IO.Compression;
using System.Text;
using EtfData.Domain;

namespace EtfData.Api.Sources.Sec.Nport;

/// <summary>A filing read from a quarterly Form N-PORT data set, with its holdings.</summary>
public sealed record NportDataSetFiling(string Accession, long Cik, DateOnly FilingDate, NportReport Report, IReadOnlyList<NportHolding> Holdings);

/// <summary>
/// Reads SEC's quarterly Form N-PORT data set zip (tab-separated tables joined by
/// <c>ACCESSION_NUMBER</c>) straight from the archive, without unpacking it to disk.
/// </summary>
/// <remarks>
/// <para>Order of work: the small per-filing tables first (<c>REGISTRANT</c>, <c>FUND_REPORTED_INFO</c>,
/// <c>SUBMISSION</c>, <c>MONTHLY_TOTAL_RETURN</c>), keeping only the accessions <c>wanted</c> accepts; then
/// one pass over <c>FUND_REPORTED_HOLDING</c> (about 0.9 GB unzipped) noting the wanted filings' holding ids,
/// the side tables <c>IDENTIFIERS</c> and <c>REPURCHASE_AGREEMENT</c> for those ids only, and a second pass
/// over the holdings that hands each filing over as soon as its last holding is read.</para>
/// <para>Memory: the table rows are streamed, but what is kept grows with the wanted filings of the
/// whole zip, not with one filing: their metadata, one dictionary entry per wanted holding (its id and
/// accession) and one per wanted holding with identifiers (ISIN, ticker, others), kept until the read
/// ends, plus the parsed holdings of the filings in progress (usually one, as the table is grouped by
/// filing). That is on the order of 100 bytes per wanted holding plus its identifier strings, so for a
/// universe of a few thousand ETFs (millions of holdings a quarter) hundreds of MB; the holdings of
/// unwanted filings cost nothing. Callers read one zip at a time (<c>nport-bulk</c> runs its quarters in
/// order), so the peak is one quarter's.</para>
/// <para>Values follow the XML parser's rules (<see cref="NportValues"/>), so a filing read here equals the
/// same filing read from its <c>primary_doc.xml</c>, with one difference the data set forces: it has no
/// <c>seriesClassInfo</c>, so <see cref="NportReport.ClassIds"/> are the classes of its
/// <c>MONTHLY_TOTAL_RETURN</c> rows (the same list for every filing that reports a return per class).
/// <c>CURRENCY_VALUE</c> is not always in USD (see <see cref="Names.CurrencyValue"/> for how the USD value
/// is chosen). A filing with net assets but no holding rows is not handed over, like the XML parser's
/// invalid "empty" filing.</para>
/// </remarks>
public static class NportDataSetReader
{
    /// <summary>Table and column names of the data set (sources.md §5b), in one place.</summary>
    internal static class Names
    {
        public const string Submission = "SUBMISSION";
        public const string Registrant = "REGISTRANT";
        public const string FundInfo = "FUND_REPORTED_INFO";
        public const string Returns = "MONTHLY_TOTAL_RETURN";
        public const string Holdings = "FUND_REPORTED_HOLDING";
        public const string Identifiers = "IDENTIFIERS";
        public const string Repos = "REPURCHASE_AGREEMENT";

        public const string Accession = "ACCESSION_NUMBER";
        public const string HoldingId = "HOLDING_ID";

        /// <summary>
        /// The holding's value. SEC's readme says the data sets report USD (the XML's <c>valUSD</c>),
        /// but some rows carry the value in <c>CURRENCY_CODE</c> (about 2 % of equity rows in a peer's
        /// sample). So for a row whose <c>CURRENCY_CODE</c> is not USD and that has an <c>EXCHANGE_RATE</c>
        /// (units of the currency per USD), the USD value is whichever of <c>CURRENCY_VALUE</c> and
        /// <c>CURRENCY_VALUE / EXCHANGE_RATE</c> is closer to the value its weight implies,
        /// <c>PERCENTAGE × NET_ASSETS / 100</c>. Without a weight or net assets, <c>CURRENCY_VALUE</c> is taken as USD.
        /// </summary>
        public const string CurrencyValue = "CURRENCY_VALUE";
    }

    /// <summary>
    /// Hands every filing whose (CIK, series id) <paramref name="wanted"/> accepts to <paramref name="onFiling"/>.
    /// Columns are mapped by header name; a missing table or column gives <see cref="SourceResult{T}.Invalid"/>
    /// naming it. Returns the number of filings handed over.
    /// </summary>
    /// <remarks>
    /// An invalid result can come after some filings were handed over (a bad row late in the holdings
    /// table); each filing handed over is complete, and callers that need all-or-nothing must buffer.
    /// </remarks>
    public static async Task<SourceResult<int>> ReadAsync(
        string zipPath,
        Func<long, string?, bool> wanted,
        Func<NportDataSetFiling, CancellationToken, Task> onFiling,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zipPath);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(onFiling);
        try
        {
            await using var file = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            return new SourceResult<int>.Data(await new Read(zip, wanted, onFiling, cancellationToken).RunAsync());
        }
        catch (InvalidDataException ex)
        {
            return new SourceResult<int>.Invalid($"{Path.GetFileName(zipPath)} is not a readable zip: {ex.Message}");
        }
        catch (FormatException ex)
        {
            return new SourceResult<int>.Invalid($"{Path.GetFileName(zipPath)}: {ex.Message}");
        }
    }

    private sealed class Filing
    {
        public required long Cik { get; init; }
        public required string? RegistrantName { get; init; }
        public required string[] Info { get; init; }
        public required decimal? NetAssetsUsd { get; init; }
        public DateOnly FilingDate { get; set; }
        public NportReport? Report { get; set; }
        public List<NportClassReturn> Returns { get; } = [];
        public int ExpectedHoldings { get; set; }
        public List<(long Id, NportHolding Holding)> Holdings { get; } = [];
    }

    private sealed class Read(ZipArchive zip, Func<long, string?, bool> wanted, Func<NportDataSetFiling, CancellationToken, Task> onFiling, CancellationToken cancellationToken)
    {
        private static readonly string[] InfoColumns =
        [
            "SERIES_NAME", "SERIES_ID", "TOTAL_ASSETS", "TOTAL_LIABILITIES", "NET_ASSETS",
            "SALES_FLOW_MON1", "REINVESTMENT_FLOW_MON1", "REDEMPTION_FLOW_MON1",
            "SALES_FLOW_MON2", "REINVESTMENT_FLOW_MON2", "REDEMPTION_FLOW_MON2",
            "SALES_FLOW_MON3", "REINVESTMENT_FLOW_MON3", "REDEMPTION_FLOW_MON3",
        ];

        private static readonly int NetAssetsColumn = Array.IndexOf(InfoColumns, "NET_ASSETS");

        private static readonly string[] HoldingColumns =
        [
            Names.Accession, Names.HoldingId, "ISSUER_NAME", "ISSUER_LEI", "ISSUER_TITLE", "ISSUER_CUSIP", "BALANCE", "UNIT", "OTHER_UNIT_DESC",
            "CURRENCY_CODE", Names.CurrencyValue, "EXCHANGE_RATE", "PERCENTAGE", "PAYOFF_PROFILE", "ASSET_CAT", "OTHER_ASSET", "ISSUER_TYPE",
            "OTHER_ISSUER", "INVESTMENT_COUNTRY", "IS_RESTRICTED_SECURITY", "FAIR_VALUE_LEVEL", "DERIVATIVE_CAT",
        ];

        private readonly Dictionary<string, Filing> _filings = new(StringComparer.Ordinal);
        private readonly Dictionary<long, string> _holdingAccession = [];
        private readonly Dictionary<long, (string? Isin, string? Ticker, string? Others)> _identifiers = [];
        private readonly HashSet<long> _repos = [];
        private int _handedOver;

        public async Task<int> RunAsync()
        {
            var registrants = new Dictionary<string, (long Cik, string? Name)>(StringComparer.Ordinal);
            await ForEachRowAsync(Names.Registrant, [Names.Accession, "CIK", "REGISTRANT_NAME"], row =>
            {
                var cik = long.TryParse(row[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new FormatException($"{Names.Registrant}.tsv: CIK '{row[1]}' of {row[0]} is not a number");
                registrants[row[0]] = (cik, NportValues.Text(row[2]));
            });

            await ForEachRowAsync(Names.FundInfo, [Names.Accession, .. InfoColumns], row =>
            {
                if (registrants.TryGetValue(row[0], out var registrant) && wanted(registrant.Cik, NportValues.Text(row[2])))
                {
                    _filings[row[0]] = new Filing
                    {
                        Cik = registrant.Cik, RegistrantName = registrant.Name, Info = row[1..],
                        NetAssetsUsd = NportValues.Decimal(row[1 + NetAssetsColumn], $"{Names.FundInfo}.tsv {row[0]} NET_ASSETS"),
                    };
                }
            });

            await ForEachRowAsync(Names.Submission, [Names.Accession, "FILING_DATE", "SUB_TYPE", "REPORT_ENDING_PERIOD", "REPORT_DATE", "IS_LAST_FILING"], row =>
            {
                if (!_filings.TryGetValue(row[0], out var filing))
                {
                    return;
                }

                var what = $"{Names.Submission}.tsv {row[0]}";
                filing.FilingDate = NportValues.Date(row[1], what + " FILING_DATE") ?? throw new FormatException(what + " has no FILING_DATE");
                filing.Report = new NportReport
                {
                    SubmissionType = NportValues.Text(row[2]) ?? throw new FormatException(what + " has no SUB_TYPE"),
                    FiscalYearEnd = NportValues.Date(row[3], what + " REPORT_ENDING_PERIOD"),
                    ReportDate = NportValues.Date(row[4], what + " REPORT_DATE") ?? throw new FormatException(what + " has no REPORT_DATE (the date the report is as of)"),
                    IsFinalFiling = NportValues.Flag(row[5], what + " IS_LAST_FILING") ?? false,
                };
            });

            foreach (var (accession, filing) in _filings)
            {
                if (filing.Report is null)
                {
                    throw new FormatException($"{accession} is in {Names.FundInfo}.tsv but not in {Names.Submission}.tsv");
                }
            }

            await ForEachRowAsync(Names.Returns, [Names.Accession, "CLASS_ID", "MONTHLY_TOTAL_RETURN1", "MONTHLY_TOTAL_RETURN2", "MONTHLY_TOTAL_RETURN3"], row =>
            {
                if (_filings.TryGetValue(row[0], out var filing))
                {
                    var what = $"{Names.Returns}.tsv {row[0]}";
                    filing.Returns.Add(new NportClassReturn(
                        NportValues.Text(row[1]),
                        NportValues.Decimal(row[2], what + " MONTHLY_TOTAL_RETURN1"),
                        NportValues.Decimal(row[3], what + " MONTHLY_TOTAL_RETURN2"),
                        NportValues.Decimal(row[4], what + " MONTHLY_TOTAL_RETURN3")));
                }
            });

            await ForEachRowAsync(Names.Holdings, [Names.Accession, Names.HoldingId], row =>
            {
                if (_filings.TryGetValue(row[0], out var filing))
                {
                    filing.ExpectedHoldings++;
                    _holdingAccession[HoldingId(row[1], Names.Holdings)] = row[0];
                }
            });

            await ForEachRowAsync(Names.Identifiers, [Names.HoldingId, "IDENTIFIER_ISIN", "IDENTIFIER_TICKER", "OTHER_IDENTIFIER", "OTHER_IDENTIFIER_DESC"], row =>
            {
                var id = HoldingId(row[0], Names.Identifiers);
                if (!_holdingAccession.ContainsKey(id))
                {
                    return;
                }

                var (isin, ticker, others) = _identifiers.GetValueOrDefault(id);
                isin ??= NportValues.Text(row[1]);
                ticker ??= NportValues.Text(row[2]);
                NportValues.AddOther(ref others, row[4], row[3]);
                _identifiers[id] = (isin, ticker, others);
            });

            await ForEachRowAsync(Names.Repos, [Names.HoldingId], row =>
            {
                var id = HoldingId(row[0], Names.Repos);
                if (_holdingAccession.ContainsKey(id))
                {
                    _repos.Add(id);
                }
            });

            // Filings without any holding row are complete now; the XML parser's "empty" filing is not handed over.
            foreach (var (accession, filing) in _filings.Where(f => f.Value.ExpectedHoldings == 0).ToList())
            {
                if (!(Report(filing).NetAssetsUsd > 0))
                {
                    await HandOverAsync(accession, filing);
                }
            }

            await ForEachRowAsync(Names.Holdings, HoldingColumns, async row =>
            {
                if (!_filings.TryGetValue(row[0], out var filing))
                {
                    return;
                }

                var id = HoldingId(row[1], Names.Holdings);
                filing.Holdings.Add((id, Holding(id, row, filing.NetAssetsUsd)));
                if (filing.Holdings.Count == filing.ExpectedHoldings)
                {
                    await HandOverAsync(row[0], filing);
                }
            });

            return _handedOver;
        }

        private async Task HandOverAsync(string accession, Filing filing)
        {
            filing.Holdings.Sort((a, b) => a.Id.CompareTo(b.Id));
            var holdings = new NportHolding[filing.Holdings.Count];
            for (var i = 0; i < holdings.Length; i++)
            {
                holdings[i] = filing.Holdings[i].Holding with { Position = i + 1 };
            }

            var report = Report(filing) with { HoldingCount = holdings.Length };
            _filings.Remove(accession);
            await onFiling(new NportDataSetFiling(accession, filing.Cik, filing.FilingDate, report, holdings), cancellationToken);
            _handedOver++;
        }

        private static NportReport Report(Filing filing)
        {
            var info = filing.Info;
            var what = $"{Names.FundInfo}.tsv";
            decimal? Number(int index) => NportValues.Decimal(info[index], $"{what} {InfoColumns[index]}");
            NportMonthFlow Flow(int first) => new(Number(first), Number(first + 1), NportValues.Magnitude(Number(first + 2)));

            return filing.Report! with
            {
                RegistrantCik = filing.Cik,
                RegistrantName = filing.RegistrantName,
                SeriesName = NportValues.Text(info[0]),
                SeriesId = NportValues.Text(info[1]),
                ClassIds = [.. filing.Returns.Select(r => r.ClassId).OfType<string>()],
                TotalAssetsUsd = Number(2),
                TotalLiabilitiesUsd = Number(3),
                NetAssetsUsd = Number(4),
                Returns = filing.Returns,
                Month1Flow = Flow(5),
                Month2Flow = Flow(8),
                Month3Flow = Flow(11),
            };
        }

        private NportHolding Holding(long id, string[] row, decimal? netAssetsUsd)
        {
            var what = $"{Names.Holdings}.tsv holding {id}";
            var (isin, ticker, others) = _identifiers.GetValueOrDefault(id);
            var otherAsset = NportValues.Text(row[15]);
            var otherIssuer = NportValues.Text(row[17]);
            var currency = NportValues.Text(row[9]);
            var value = NportValues.Decimal(row[10], what + " " + Names.CurrencyValue);
            var exchangeRate = NportValues.Decimal(row[11], what + " EXCHANGE_RATE");
            var percent = NportValues.Decimal(row[12], what + " PERCENTAGE");
            var fields = new NportXmlParser.HoldingFields
            {
                Name = NportValues.Text(row[2]),
                Lei = NportValues.Text(row[3]),
                Title = NportValues.Text(row[4]),
                Cusip = NportValues.Cusip(row[5]),
                Isin = isin,
                Ticker = ticker,
                OtherIdentifiers = others,
                Balance = NportValues.Decimal(row[6], what + " BALANCE"),
                Units = NportValues.Text(row[7]),
                UnitsDescription = NportValues.Text(row[8]),
                Currency = currency,
                ValueUsd = ValueUsd(currency, value, exchangeRate, percent, netAssetsUsd),
                ExchangeRate = exchangeRate,
                Percent = percent,
                PayoffProfile = NportValues.Text(row[13]),
                AssetCategory = NportValues.Text(row[14]) ?? (otherAsset is null ? null : "OTHER"),
                AssetCategoryDescription = otherAsset,
                IssuerCategory = NportValues.Text(row[16]) ?? (otherIssuer is null ? null : "OTHER"),
                IssuerCategoryDescription = otherIssuer,
                Country = NportValues.Text(row[18]),
                IsRestricted = NportValues.Flag(row[19], what + " IS_RESTRICTED_SECURITY"),
                FairValueLevel = NportValues.Text(row[20]),
                DerivativeCategory = NportValues.Text(row[21]),
                HasRepoSection = _repos.Contains(id),
            };
            return fields.ToHolding(0);
        }

        /// <summary>The rule of <see cref="Names.CurrencyValue"/>.</summary>
        private static decimal? ValueUsd(string? currency, decimal? value, decimal? exchangeRate, decimal? percent, decimal? netAssetsUsd)
        {
            if (value is not { } raw || currency is null || currency.Equals("USD", StringComparison.OrdinalIgnoreCase)
                || exchangeRate is not > 0 || percent is not { } pct || netAssetsUsd is not { } netAssets)
            {
                return value;
            }

            var implied = pct * netAssets / 100m;
            // Rounded to the cent the column keeps, so a reload compares equal.
            var converted = Math.Round(raw / exchangeRate.Value, 2, MidpointRounding.AwayFromZero);
            return Math.Abs(converted - implied) < Math.Abs(raw - implied) ? converted : raw;
        }

        private static long HoldingId(string raw, string table) =>
            long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new FormatException($"{table}.tsv: HOLDING_ID '{raw}' is not a number");

        private Task ForEachRowAsync(string table, string[] columns, Action<string[]> onRow) =>
            ForEachRowAsync(table, columns, row =>
            {
                onRow(row);
                return Task.CompletedTask;
            });

        /// <summary>Streams one table, handing each row's <paramref name="columns"/> (by header name, in that order) to <paramref name="onRow"/>.</summary>
        private async Task ForEachRowAsync(string table, string[] columns, Func<string[], Task> onRow)
        {
            var entry = zip.Entries.FirstOrDefault(e => Path.GetFileName(e.FullName).Equals(table + ".tsv", StringComparison.OrdinalIgnoreCase))
                ?? throw new FormatException($"the data set has no {table}.tsv");
            await using var stream = await entry.OpenAsync(cancellationToken);
            using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            var header = (await text.ReadLineAsync(cancellationToken))?.Split('\t')
                ?? throw new FormatException($"{table}.tsv is empty (no header line)");
            var indexes = new int[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                indexes[i] = Array.FindIndex(header, h => h.Trim().Equals(columns[i], StringComparison.OrdinalIgnoreCase));
                if (indexes[i] < 0)
                {
                    throw new FormatException($"{table}.tsv has no column {columns[i]}");
                }
            }

            var line = 1;
            while (await text.ReadLineAsync(cancellationToken) is { } raw)
            {
                line++;
                if (raw.Length == 0)
                {
                    continue;
                }

                var cells = raw.Split('\t');
                var row = new string[indexes.Length];
                for (var i = 0; i < indexes.Length; i++)
                {
                    row[i] = indexes[i] < cells.Length ? cells[indexes[i]] : string.Empty;
                }

                await onRow(row);
            }
        }
    }
}
