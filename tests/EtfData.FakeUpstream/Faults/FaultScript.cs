namespace EtfData.FakeUpstream.Faults;

/// <summary>A fault armed for the requests whose path (and query) starts with <see cref="PathPrefix"/>.</summary>
public sealed class FaultRule
{
    internal FaultRule(string pathPrefix, Fault fault, int? times)
    {
        PathPrefix = pathPrefix;
        Fault = fault;
        Remaining = times;
    }

    public string PathPrefix { get; }
    public Fault Fault { get; }
    /// <summary>How many more requests it applies to; null = every request.</summary>
    public int? Remaining { get; internal set; }
    /// <summary>How many requests it has been applied to.</summary>
    public int Applied { get; internal set; }
}

/// <summary>
/// Faults scripted per route, consumed in the order they were added: <c>On("/yahoo/v8/finance/chart/", Fault.TooManyRequests(1 s), times: 2)</c>
/// makes the next two chart requests answer 429, after which the route answers normally.
/// </summary>
public sealed class FaultScript
{
    private readonly List<FaultRule> _rules = [];
    private readonly Lock _lock = new();

    /// <summary>Arms <paramref name="fault"/> for the next <paramref name="times"/> requests under <paramref name="pathPrefix"/> (all of them when null).</summary>
    public FaultRule On(string pathPrefix, Fault fault, int? times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times ?? 0);
        var rule = new FaultRule(pathPrefix, fault, times);
        lock (_lock)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>The fault for a request to <paramref name="path"/>, if one is armed; counts it as applied.</summary>
    internal Fault? Take(string path)
    {
        lock (_lock)
        {
            foreach (var rule in _rules)
            {
                if (rule.Remaining is not 0 && path.StartsWith(rule.PathPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    if (rule.Remaining is { } remaining)
                    {
                        rule.Remaining = remaining - 1;
                    }

                    rule.Applied++;
                    return rule.Fault;
                }
            }
        }

        return null;
    }
}
