using System.Text;

namespace EtfData.FakeUpstream.Nasdaq;

/// <summary>The symbol directory route under <see cref="NasdaqFake.Prefix"/>.</summary>
internal static class NasdaqRoutes
{
    public static void MapNasdaq(this IEndpointRouteBuilder app, NasdaqFake nasdaq)
    {
        var group = app.MapGroup(NasdaqFake.Prefix);
        group.MapGet("/" + NasdaqFake.FileName, () => Results.Text(nasdaq.Render(), "text/plain", Encoding.ASCII));
    }
}
