using System.Text.Json;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Ingestion;

public sealed class FundFactsMergeTests
{
    private static readonly Etf Fund = new() { Symbol = "SPY", Name = "SPDR S&P 500 ETF Trust" };

    [Fact]
    public void Etfdb_fills_empty_fields_and_records_itself_but_never_overwrites_yahoo()
    {
        var etf = Fund with { Category = "Large Blend", FieldSources = """{"category": "yahoo"}""" };
        var merge = new FundFactsMerge(etf, FundFacts.Etfdb);

        merge.Offer(FundFactsMerge.CategoryField, "Size and Style", e => e.Category, (e, v) => e with { Category = v });
        merge.Offer(FundFactsMerge.IndexTrackedField, "S&P 500", e => e.IndexTracked, (e, v) => e with { IndexTracked = v });
        merge.Offer(FundFactsMerge.StructureField, "UIT", e => e.Structure, (e, v) => e with { Structure = v });

        merge.Changed.Should().BeTrue();
        merge.Result.Category.Should().Be("Large Blend");
        merge.Result.IndexTracked.Should().Be("S&P 500");
        merge.Result.Structure.Should().Be("UIT");
        Sources(merge.Result).Should().Equal(new Dictionary<string, string>
        {
            ["category"] = "yahoo", ["index_tracked"] = "etfdb", ["structure"] = "etfdb",
        });
        merge.Refused.Should().Equal("category (kept yahoo's)");
    }

    [Fact]
    public void A_value_without_a_recorded_source_counts_as_yahoos_so_etfdb_keeps_off_it()
    {
        var merge = new FundFactsMerge(Fund with { ExpenseRatio = 0.0945m }, FundFacts.Etfdb);

        merge.Offer(FundFactsMerge.ExpenseRatioField, 0.0009m, e => e.ExpenseRatio, (e, v) => e with { ExpenseRatio = v });

        merge.Changed.Should().BeFalse();
        merge.Result.ExpenseRatio.Should().Be(0.0945m);
    }

    [Fact]
    public void Yahoo_overwrites_etfdb_but_not_the_issuer_and_an_equal_value_is_unchanged()
    {
        var etf = Fund with
        {
            Category = "Size and Style", Issuer = "State Street", ExpenseRatio = 0.000945m,
            FieldSources = """{"category": "etfdb", "issuer": "issuer", "expense_ratio": "yahoo"}""",
        };
        var merge = new FundFactsMerge(etf, FundFacts.Yahoo);

        merge.Offer(FundFactsMerge.CategoryField, "Large Blend", e => e.Category, (e, v) => e with { Category = v });
        merge.Offer(FundFactsMerge.IssuerField, "SPDR State Street Global Advisors", e => e.Issuer, (e, v) => e with { Issuer = v });
        merge.Result.Category.Should().Be("Large Blend");
        merge.Result.Issuer.Should().Be("State Street");

        var again = new FundFactsMerge(etf, FundFacts.Yahoo);
        again.Offer(FundFactsMerge.ExpenseRatioField, 0.0009450m, e => e.ExpenseRatio, (e, v) => e with { ExpenseRatio = v });
        again.Changed.Should().BeFalse();
    }

    private static Dictionary<string, string> Sources(Etf etf) => JsonSerializer.Deserialize<Dictionary<string, string>>(etf.FieldSources)!;
}
