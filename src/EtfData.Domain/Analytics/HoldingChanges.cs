namespace EtfData.Domain.Analytics;

/// <summary>What changed in one fund's portfolio between two snapshots.</summary>
public static class HoldingChanges
{
    /// <summary>
    /// Each snapshot's lines of one security are summed first (<see cref="Overlap.Aggregate"/>), then positions are
    /// paired as <see cref="Overlap.Match"/> pairs them. Each line of the union is added (only in
    /// <paramref name="after"/>), removed (only in <paramref name="before"/>), changed or unchanged, with
    /// <c>Δw = w_after − w_before</c> (a missing side or null weight counts as 0) and the change in shares (null when
    /// a side that exists does not state shares). <c>Turnover = ½ Σ |Δw|</c> over the union, so added and removed
    /// positions count in full. Lines are ordered by <c>|Δw|</c>, largest first.
    /// </summary>
    /// <param name="before">Positions of the earlier snapshot.</param>
    /// <param name="after">Positions of the later snapshot.</param>
    public static HoldingChangesResult Between(IReadOnlyList<Holding> before, IReadOnlyList<Holding> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var orderedBefore = Overlap.Aggregate(before);
        var orderedAfter = Overlap.Aggregate(after);
        var matches = Overlap.Match(orderedBefore, orderedAfter);
        var matchedBefore = new bool[orderedBefore.Count];
        var matchedAfter = new bool[orderedAfter.Count];
        var lines = new List<HoldingChange>();
        foreach (var m in matches)
        {
            matchedBefore[m.IndexA] = matchedAfter[m.IndexB] = true;
            var was = orderedBefore[m.IndexA];
            var now = orderedAfter[m.IndexB];
            var delta = (now.Weight ?? 0m) - (was.Weight ?? 0m);
            var shares = now.Shares - was.Shares;
            var kind = delta == 0m && (shares is null or 0m) ? HoldingChangeKind.Unchanged : HoldingChangeKind.Changed;
            lines.Add(new HoldingChange(was, now, kind, was.Weight, now.Weight, delta, shares));
        }

        for (var i = 0; i < orderedBefore.Count; i++)
        {
            if (!matchedBefore[i])
            {
                var was = orderedBefore[i];
                lines.Add(new HoldingChange(was, null, HoldingChangeKind.Removed, was.Weight, null, -(was.Weight ?? 0m), -was.Shares));
            }
        }

        for (var j = 0; j < orderedAfter.Count; j++)
        {
            if (!matchedAfter[j])
            {
                var now = orderedAfter[j];
                lines.Add(new HoldingChange(null, now, HoldingChangeKind.Added, null, now.Weight, now.Weight ?? 0m, now.Shares));
            }
        }

        var ordered = lines
            .OrderByDescending(l => Math.Abs(l.WeightChange))
            .ThenBy(l => (l.After ?? l.Before)!.Position)
            .ToList();
        return new HoldingChangesResult(
            ordered,
            ordered.Sum(l => Math.Abs(l.WeightChange)) / 2m,
            Concentration.Of(orderedBefore).Top10Weight,
            Concentration.Of(orderedAfter).Top10Weight);
    }
}

/// <summary>Added, removed, changed or unchanged.</summary>
public enum HoldingChangeKind
{
    /// <summary>Only in the later snapshot.</summary>
    Added,
    /// <summary>Only in the earlier snapshot.</summary>
    Removed,
    /// <summary>In both, with a different weight or share count.</summary>
    Changed,
    /// <summary>In both, same weight and shares.</summary>
    Unchanged,
}

/// <summary>One security of the union of two snapshots.</summary>
/// <param name="Before">The position in the earlier snapshot; null when added.</param>
/// <param name="After">The position in the later snapshot; null when removed.</param>
/// <param name="Kind">Added, removed, changed or unchanged.</param>
/// <param name="WeightBefore">Earlier weight, a fraction.</param>
/// <param name="WeightAfter">Later weight, a fraction.</param>
/// <param name="WeightChange"><c>Δw = w_after − w_before</c>, a missing side or null weight as 0.</param>
/// <param name="SharesChange">Later shares − earlier shares (a missing side as 0); null when a present side states no shares.</param>
public sealed record HoldingChange(
    Holding? Before, Holding? After, HoldingChangeKind Kind, decimal? WeightBefore, decimal? WeightAfter, decimal WeightChange, decimal? SharesChange)
{
    /// <summary>The later position when there is one, else the earlier: what names the line.</summary>
    public Holding Identity => After ?? Before!;
}

/// <summary>See <see cref="HoldingChanges.Between"/>.</summary>
/// <param name="Lines">Every security of the union, largest <c>|Δw|</c> first.</param>
/// <param name="Turnover"><c>½ Σ |Δw|</c> over the union, a fraction.</param>
/// <param name="Top10WeightBefore">Sum of the ten largest weights of the earlier snapshot.</param>
/// <param name="Top10WeightAfter">Sum of the ten largest weights of the later snapshot.</param>
public sealed record HoldingChangesResult(IReadOnlyList<HoldingChange> Lines, decimal Turnover, decimal Top10WeightBefore, decimal Top10WeightAfter)
{
    public IEnumerable<HoldingChange> Added => Lines.Where(l => l.Kind == HoldingChangeKind.Added);

    public IEnumerable<HoldingChange> Removed => Lines.Where(l => l.Kind == HoldingChangeKind.Removed);

    /// <summary>The <paramref name="count"/> largest positive <c>Δw</c> (new positions included), largest first.</summary>
    public IReadOnlyList<HoldingChange> LargestAdditions(int count) =>
        [.. Lines.Where(l => l.WeightChange > 0).OrderByDescending(l => l.WeightChange).ThenBy(l => l.Identity.Position).Take(count)];

    /// <summary>The <paramref name="count"/> most negative <c>Δw</c> (removed positions included), most negative first.</summary>
    public IReadOnlyList<HoldingChange> LargestDeletions(int count) =>
        [.. Lines.Where(l => l.WeightChange < 0).OrderBy(l => l.WeightChange).ThenBy(l => l.Identity.Position).Take(count)];
}
