using System.Globalization;
using System.Text.Json.Nodes;
using EtfData.Domain;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EtfData.Api.Hosting.OpenApi;

/// <summary>
/// Tag descriptions, and example dates that fall inside the data the service holds: data is kept current
/// (the demo replays the weeks before today), so fixed example dates would age out of it. Examples are taken
/// from the clock when the document is served: <c>to</c>, <c>asOf</c> = the last trading day before today
/// (New York), <c>from</c> and <c>since</c> = a month before it; month parameters (<c>yyyy-MM</c>) end two
/// months back, where N-PORT figures are public.
/// </summary>
internal sealed class ContractDocumentFilter(TimeProvider time) : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Tags = new HashSet<OpenApiTag>(
            OpenApiContract.TagDescriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), NyseCalendar.TimeZone).DateTime);
        var last = today.AddDays(-1);
        while (!NyseCalendar.IsTradingDay(last))
        {
            last = last.AddDays(-1);
        }

        var monthAgo = last.AddMonths(-1);
        var lastMonth = today.AddMonths(-2);
        foreach (var operation in swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                var isDate = parameter.Schema?.Format == "date";
                var isMonth = !isDate && parameter.Description?.Contains("`yyyy-MM`", StringComparison.Ordinal) == true;
                string? example = (parameter.Name, isDate, isMonth) switch
                {
                    ("to" or "asOf", true, _) => Iso(last),
                    ("from" or "since", true, _) => Iso(monthAgo),
                    ("to", _, true) => Month(lastMonth),
                    ("from", _, true) => Month(lastMonth.AddMonths(-5)),
                    _ => null,
                };
                if (example is not null)
                {
                    parameter.Example = JsonValue.Create(example);
                }
            }
        }
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
