namespace EtfData.FakeUpstream.Yahoo;

/// <summary>Everything the fake Yahoo serves from: the dataset, the sessions and the clock that decides what "today" is.</summary>
public sealed class YahooFake(YahooDataset dataset, TimeProvider clock)
{
    /// <summary>Routes are served under this prefix: point <c>Sources:Yahoo:BaseUrl</c> at <c>{fake}/yahoo</c>.</summary>
    public const string Prefix = "/yahoo";

    /// <summary>The cookie page (Yahoo: <c>https://fc.yahoo.com/</c>).</summary>
    public const string CookiePath = Prefix + "/consent";

    public YahooDataset Dataset { get; } = dataset;
    public YahooSessions Sessions { get; } = new();
    public TimeProvider Clock { get; } = clock;

    internal static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
}
