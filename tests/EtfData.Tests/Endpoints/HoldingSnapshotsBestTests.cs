using EtfData.Api.Endpoints;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Endpoints;

public sealed class HoldingSnapshotsBestTests
{
    [Fact]
    public void An_issuer_list_confirmed_unchanged_through_a_later_day_beats_an_older_schwab_list()
    {
        // iShares stored Mar 3 and re-read unchanged through Mar 10; Schwab's list is of Mar 7.
        // Effective dates: iShares Mar 10 > Schwab Mar 7 → iShares (as_of alone would pick Schwab).
        var ishares = Snapshot(1, "ishares", new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 10));
        var schwab = Snapshot(2, "schwab", new DateOnly(2025, 3, 7), null);

        HoldingSnapshots.Best([schwab, ishares])!.Id.Should().Be(1);
    }

    [Fact]
    public void On_the_as_of_path_the_confirmed_date_is_capped_at_the_day_asked_for()
    {
        // Asked for Mar 8. iShares Mar 3 confirmed through Mar 10 → Mar 8; Schwab Mar 5 confirmed through Mar 12 → Mar 8.
        // Equal dates → source preference: issuer before Schwab. Uncapped, Schwab's Mar 12 would win.
        var ishares = Snapshot(1, "ishares", new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 10));
        var schwab = Snapshot(2, "schwab", new DateOnly(2025, 3, 5), new DateOnly(2025, 3, 12));

        HoldingSnapshots.Best([schwab, ishares], new DateOnly(2025, 3, 8))!.Id.Should().Be(1);
        // Asked for Mar 4 (only iShares is a candidate then; its date is Mar 4, never before its own as-of).
        HoldingSnapshots.EffectiveAsOf(ishares, new DateOnly(2025, 3, 4)).Should().Be(new DateOnly(2025, 3, 4));
        HoldingSnapshots.EffectiveAsOf(schwab, null).Should().Be(new DateOnly(2025, 3, 12));
    }

    [Fact]
    public void A_full_list_still_beats_a_newer_top_list()
    {
        var spdr = Snapshot(1, "spdr", new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 4));
        var yahoo = Snapshot(2, "yahoo", new DateOnly(2025, 3, 7), null) with { Coverage = HoldingCoverage.Top };

        HoldingSnapshots.Best([yahoo, spdr])!.Id.Should().Be(1);
    }

    private static HoldingSnapshot Snapshot(long id, string source, DateOnly asOf, DateOnly? confirmed) => new()
    {
        Id = id, Symbol = "IVV", Source = source, AsOf = asOf, ConfirmedAsOf = confirmed, Coverage = HoldingCoverage.Full,
    };
}
