using EtfData.Domain;

namespace EtfData.Api.Sources.Sec.Nport;

/// <summary>Streaming parser of an N-PORT <c>primary_doc.xml</c>.</summary>
public static class NportXmlParser
{
    /// <summary>Stamped on every stored row this parser produced, so a fixed parser can re-process exactly the old rows.</summary>
    public const int Version = 1;

    /// <summary>
    /// Reads the report from <paramref name="xml"/>, handing each holding to <paramref name="onHolding"/> as it
    /// is read (memory stays constant in the number of holdings). Malformed or truncated XML, a missing
    /// <c>repPdDate</c>, or net assets with zero holdings give <see cref="SourceResult{T}.Invalid"/>.
    /// </summary>
    public static Task<SourceResult<NportReport>> ParseAsync(
        Stream xml, Func<NportHolding, CancellationToken, ValueTask> onHolding, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
