using System.ComponentModel.DataAnnotations;

namespace EtfData.Api.Hosting;

/// <summary>About this deployment, section <c>Service</c>.</summary>
public sealed class ServiceOptions
{
    public const string Section = "Service";

    /// <summary>
    /// Which data the database holds: <c>live</c> (real upstreams) or <c>demo</c> (the generated
    /// offline dataset). Reported by <c>/api/health</c> so nobody mistakes demo numbers for market data.
    /// </summary>
    [Required]
    [RegularExpression("^(live|demo)$")]
    public string Dataset { get; set; } = "live";

    /// <summary>
    /// A request taking at least this long is logged at Warning; faster successful requests are logged at
    /// Debug (one line per request at Information costs more than a fast read itself).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SlowRequestThreshold { get; set; } = TimeSpan.FromSeconds(1);
}
