using System.IO.Compression;
using System.Text;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Sec.Nport;
using EtfData.Domain;
using EtfData.FakeUpstream.Sec;
using EtfData.FakeUpstream.Yahoo;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Sec;

/// <summary>
/// The fake's renderers against the real readers: a filing rendered as primary_doc.xml or written into a
/// data set zip reads back as the model, and both paths give equal records.
/// </summary>
public sealed class NportRoundTripTests : IDisposable
{
    private static readonly Lazy<SecDataset> Demo = new(() => SecDatasets.Demo(new YahooDataset(), new DateOnly(2025, 12, 31)));

    private readonly string _directory = Directory.CreateTempSubdirectory("etfdata-nport-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A UIT (SPY), a multi-class series (VOO), the bond portfolio (AGG) and the amendment.</summary>
    private static IEnumerable<FakeNportFiling> Samples()
    {
        var filings = Demo.Value.Filings;
        var last = filings.Max(f => f.Report.ReportDate);
        yield return filings.First(f => f.Report.RegistrantCik == 884394 && f.Report.ReportDate == last);
        yield return filings.First(f => f.Report.SeriesId == "S000002839" && f.Report.ReportDate == last);
        yield return filings.First(f => f.Report.SeriesId == "S000004362" && f.Report.ReportDate == last);
        yield return filings.Single(f => f.Report.IsAmendment);
    }

    [Fact]
    public async Task A_rendered_primary_doc_parses_back_to_the_model()
    {
        foreach (var filing in Samples())
        {
            var (result, holdings) = await NportXmlParserTests.ParseAsync(NportDocuments.PrimaryDoc(filing));

            result.ShouldBeData().Should().BeEquivalentTo(filing.Report, o => o.WithStrictOrdering(), filing.Accession);
            holdings.Should().Equal(filing.Holdings);
        }
    }

    [Fact]
    public async Task A_written_data_set_reads_back_to_the_model_keeping_only_wanted_filings()
    {
        var samples = Samples().ToList();
        var zip = WriteZip(Demo.Value.Filings);
        var read = new List<NportDataSetFiling>();

        var count = (await NportDataSetReader.ReadAsync(
            zip,
            (cik, seriesId) => cik == 884394 || seriesId is "S000002839" or "S000004362",
            (filing, _) =>
            {
                read.Add(filing);
                return Task.CompletedTask;
            },
            CancellationToken.None)).ShouldBeData();

        // SPY, VOO and AGG: 8 quarters each, plus AGG's amendment.
        count.Should().Be(25);
        read.Should().HaveCount(25);
        foreach (var expected in samples)
        {
            var filing = read.Single(f => f.Accession == expected.Accession);
            filing.Cik.Should().Be(expected.FilerCik);
            filing.FilingDate.Should().Be(expected.FilingDate);
            filing.Report.Should().BeEquivalentTo(expected.Report, o => o.WithStrictOrdering(), expected.Accession);
            filing.Holdings.Should().Equal(expected.Holdings);
        }
    }

    [Fact]
    public async Task The_xml_path_and_the_data_set_path_give_equal_records_for_the_same_filing()
    {
        var samples = Samples().ToList();
        var zip = WriteZip(samples);
        var fromZip = new Dictionary<string, NportDataSetFiling>();
        (await NportDataSetReader.ReadAsync(zip, (_, _) => true, (f, _) =>
        {
            fromZip[f.Accession] = f;
            return Task.CompletedTask;
        }, CancellationToken.None)).ShouldBeData().Should().Be(samples.Count);

        foreach (var filing in samples)
        {
            var (result, holdings) = await NportXmlParserTests.ParseAsync(NportDocuments.PrimaryDoc(filing));

            fromZip[filing.Accession].Report.Should().BeEquivalentTo(result.ShouldBeData(), o => o.WithStrictOrdering(), filing.Accession);
            fromZip[filing.Accession].Holdings.Should().Equal(holdings);
        }
    }

    [Fact]
    public void The_data_set_writes_upper_case_day_month_year_dates()
    {
        var zip = WriteZip(Samples().Take(1));
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.GetEntry("SUBMISSION.tsv")!.Open());

        reader.ReadLine().Should().Be("ACCESSION_NUMBER\tFILING_DATE\tFILE_NUM\tSUB_TYPE\tREPORT_ENDING_PERIOD\tREPORT_DATE\tIS_LAST_FILING");
        // SPY's 2025-12-31 report: fiscal year end 30 September 2026, filed 55 days later (fund index 0): 24 February.
        reader.ReadLine().Should().MatchRegex(@"^0001752724-26-\d{6}\t24-FEB-2026\t811-00000\tNPORT-P\t30-SEP-2026\t31-DEC-2025\tN$");
    }

    [Fact]
    public async Task A_missing_column_is_invalid_naming_the_table_and_the_column()
    {
        var zip = WriteZip(Samples().Take(1));
        var broken = Path.Combine(_directory, "broken.zip");
        using (var source = ZipFile.OpenRead(zip))
        using (var target = ZipFile.Open(broken, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                using var input = new StreamReader(entry.Open());
                var text = input.ReadToEnd();
                if (entry.Name == "FUND_REPORTED_INFO.tsv")
                {
                    text = text.Replace("REDEMPTION_FLOW_MON2", "REDEMPTION_FLOW_MONTH2", StringComparison.Ordinal);
                }

                using var output = target.CreateEntry(entry.FullName).Open();
                output.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        var result = await NportDataSetReader.ReadAsync(broken, (_, _) => true, (_, _) => Task.CompletedTask, CancellationToken.None);

        result.Should().BeOfType<SourceResult<int>.Invalid>()
            .Which.Reason.Should().Contain("FUND_REPORTED_INFO.tsv has no column REDEMPTION_FLOW_MON2");
    }

    [Fact]
    public async Task A_missing_table_is_invalid_naming_it()
    {
        var broken = Path.Combine(_directory, "empty.zip");
        using (var target = ZipFile.Open(broken, ZipArchiveMode.Create))
        {
            using var output = target.CreateEntry("REGISTRANT.tsv").Open();
            output.Write("ACCESSION_NUMBER\tCIK\tREGISTRANT_NAME\n"u8);
        }

        var result = await NportDataSetReader.ReadAsync(broken, (_, _) => true, (_, _) => Task.CompletedTask, CancellationToken.None);

        result.Should().BeOfType<SourceResult<int>.Invalid>()
            .Which.Reason.Should().Contain("no FUND_REPORTED_INFO.tsv");
    }

    [Fact]
    public async Task A_holding_valued_in_its_local_currency_is_converted_to_usd_and_one_already_in_usd_is_kept()
    {
        var sample = Samples().First();
        var report = sample.Report with { NetAssetsUsd = 1_000_000_000m };
        NportHolding[] holdings =
        [
            // 1.5 % of 1,000,000,000 USD = 15,000,000 USD; the row gives 2,250,000,000 (yen): / 150 = 15,000,000 is closer.
            sample.Holdings[0] with { Position = 1, Currency = "JPY", ExchangeRate = 150m, ValueUsd = 2_250_000_000m, PercentOfNetAssets = 1.5m },
            // 0.3 % of 1,000,000,000 USD = 3,000,000 USD; the row gives 3,000,000 (USD already): / 150 = 20,000 is farther.
            sample.Holdings[0] with { Position = 2, Currency = "JPY", ExchangeRate = 150m, ValueUsd = 3_000_000m, PercentOfNetAssets = 0.3m },
            // A USD row is never converted.
            sample.Holdings[0] with { Position = 3, Currency = "USD", ExchangeRate = null, ValueUsd = 5_000_000m, PercentOfNetAssets = 0.5m },
        ];
        var zip = WriteZip([sample with { Report = report, Holdings = holdings }]);
        NportDataSetFiling? read = null;

        (await NportDataSetReader.ReadAsync(zip, (_, _) => true, (f, _) =>
        {
            read = f;
            return Task.CompletedTask;
        }, CancellationToken.None)).ShouldBeData().Should().Be(1);

        read!.Holdings.Select(h => (h.Currency, h.ExchangeRate, h.ValueUsd)).Should().Equal(
            ("JPY", 150m, 15_000_000m), ("JPY", 150m, 3_000_000m), ("USD", (decimal?)null, 5_000_000m));
    }

    private string WriteZip(IEnumerable<FakeNportFiling> filings)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".zip");
        using var file = File.Create(path);
        NportDocuments.WriteDataSet(file, filings);
        return path;
    }
}
