using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace EtfData.Api.Hosting;

/// <summary>
/// Every ProblemDetails says what went wrong in <c>detail</c>: a validation problem lists its parameters' messages,
/// a bare status (an unknown route, a wrong method or content type) gets a sentence for its status.
/// </summary>
internal static class ProblemDetailsText
{
    // Messages may quote the client's value; a 100 k parameter must not come back as a 100 k detail.
    private const int MaxDetailLength = 1_000;

    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            return;
        }

        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var detail = problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation
            ? string.Join(" ", validation.Errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")))
            : ForStatus(status, context.HttpContext);
        problem.Detail = detail.Length <= MaxDetailLength ? detail : detail[..MaxDetailLength] + "…";
    }

    private static string ForStatus(int status, HttpContext http) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed.",
        StatusCodes.Status401Unauthorized => "Authentication is required.",
        StatusCodes.Status403Forbidden => "This request is not allowed.",
        StatusCodes.Status404NotFound => "Nothing is served at this path; the endpoints are listed at /swagger.",
        StatusCodes.Status405MethodNotAllowed => $"This path does not answer {http.Request.Method}; the endpoints are listed at /swagger.",
        StatusCodes.Status406NotAcceptable => "None of the accepted media types can be served: ask for application/json or text/csv.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The body's content type is not supported: send application/json.",
        StatusCodes.Status500InternalServerError => "An unexpected error occurred; it is logged under the traceId.",
        _ => http.Features.Get<IHttpResponseFeature>()?.ReasonPhrase ?? ReasonPhrases.GetReasonPhrase(status),
    };
}
