// Placeholder until the storage branch lands; removed at merge.
using EtfData.Api.Storage;
using EtfData.Domain;
namespace EtfData.Api.Ingestion.Sec;
public sealed class NportStore
{
    public Task<BulkWriteResult> StoreAsync(ItemWriteContext ctx, string accession, long filerCik, DateOnly filingDate, NportReport report, IReadOnlyList<NportHolding> holdings, int parserVersion, CancellationToken ct) => throw new NotImplementedException();
}
public static class SecIdentifiers
{
    public sealed record Applied(BulkWriteResult Result) { public string Describe() => ""; }
    public static Task<Applied> ApplyAsync(EtfDataDbContext db, IReadOnlyList<SecTickerEntry> f, IReadOnlyList<SecTickerEntry> c, CancellationToken ct) => throw new NotImplementedException();
}
