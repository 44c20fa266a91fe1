using System.Collections.Concurrent;

namespace EtfData.FakeUpstream.Yahoo;

/// <summary>
/// The fake's side of Yahoo's cookie + crumb handshake: the cookie page issues an <c>A3</c> cookie,
/// getcrumb turns a known cookie into a crumb, and quoteSummary accepts only a crumb issued for the
/// cookie it comes with. <see cref="ExpireAll"/> makes every issued crumb "Invalid Crumb" (401) until
/// the client does the handshake again.
/// </summary>
public sealed class YahooSessions
{
    private readonly ConcurrentDictionary<string, string?> _crumbByCookie = new();
    private int _crumbsIssued;

    /// <summary>When false, quoteSummary answers without checking cookie and crumb.</summary>
    public bool RequireCrumb { get; set; } = true;

    /// <summary>Crumbs handed out so far (one per completed handshake).</summary>
    public int CrumbsIssued => Volatile.Read(ref _crumbsIssued);

    internal string IssueCookie()
    {
        var id = "d=AQABBF" + Guid.NewGuid().ToString("N")[..24] + "&S=AQAAA";
        _crumbByCookie[id] = null;
        return id;
    }

    internal string? IssueCrumb(string? cookieHeader)
    {
        var cookie = A3(cookieHeader);
        if (cookie is null || !_crumbByCookie.ContainsKey(cookie))
        {
            return null;
        }

        var crumb = Guid.NewGuid().ToString("N")[..11];
        _crumbByCookie[cookie] = crumb;
        Interlocked.Increment(ref _crumbsIssued);
        return crumb;
    }

    internal bool Accepts(string? crumb, string? cookieHeader) =>
        !RequireCrumb
        || (crumb is not null && A3(cookieHeader) is { } cookie && _crumbByCookie.TryGetValue(cookie, out var issued) && issued == crumb);

    /// <summary>Forgets every cookie and crumb: the next quoteSummary with an old crumb gets 401.</summary>
    public void ExpireAll() => _crumbByCookie.Clear();

    private static string? A3(string? cookieHeader) =>
        cookieHeader?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => pair.StartsWith("A3=", StringComparison.Ordinal))
            .Select(pair => pair[3..])
            .FirstOrDefault();
}
