using System.Text.Json.Serialization;
using EtfData.Api.Endpoints;

namespace EtfData.Api.Hosting;

/// <summary>
/// Source-generated serialisation of the core read answers: no reflection-built metadata on first use and
/// faster writes. First in the resolver chain of the API's <c>JsonOptions</c> (see
/// <see cref="ApiServiceCollectionExtensions.AddApi"/>), so it takes those options — camelCase names,
/// string enums, nulls written — and the output is the same as the reflection resolver's; types it does
/// not list fall through to the reflection resolver behind it.
/// </summary>
[JsonSerializable(typeof(EtfPage))]
[JsonSerializable(typeof(EtfDetail))]
[JsonSerializable(typeof(PriceSeries))]
[JsonSerializable(typeof(DividendList))]
[JsonSerializable(typeof(SplitList))]
[JsonSerializable(typeof(AumSeries))]
[JsonSerializable(typeof(FeeReport))]
[JsonSerializable(typeof(FlowSeries))]
[JsonSerializable(typeof(NportMonthlyFlowSeries))]
[JsonSerializable(typeof(FlowRanking))]
[JsonSerializable(typeof(CategoryFlows))]
internal sealed partial class EtfDataJsonContext : JsonSerializerContext;
