using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Jobs;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Ingestion;

public sealed class DeletionGuardTests
{
    private static readonly DeletionGuard Defaults = DeletionGuard.From(new IngestionOptions());

    [Theory]
    // max(1, floor(0.1 × stored)): small sets may always lose one row, large ones a tenth.
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(19, 1)]
    [InlineData(20, 2)]
    [InlineData(40, 4)]
    [InlineData(2500, 250)]
    public void Allows_the_larger_of_the_count_and_the_share_of_the_stored_rows(long stored, long allowed) =>
        Defaults.Allowed(stored).Should().Be(allowed);

    [Fact]
    public void One_withdrawn_dividend_of_three_goes_but_two_do_not()
    {
        int[] stored = [1, 2, 3];

        Defaults.Refusal("dividends", stored, new HashSet<int> { 1, 2 }).Should().BeNull();
        Defaults.Refusal("dividends", stored, new HashSet<int> { 1, 4, 5 }).Should().Be(
            "the upstream lists 3 dividends against 3 stored, so replacing them would delete 2, " +
            "more than the 1 allowed (Ingestion:MaxDeletionShare 0.1 of the stored, at least Ingestion:MaxDeletionCount 1)");
    }

    [Fact]
    public void Additions_never_count_against_the_limit()
    {
        new DeletionGuard(0m, 0).Refusal("daily bars", new[] { 1, 2 }, new HashSet<int> { 1, 2, 3, 4 }).Should().BeNull();
    }
}
