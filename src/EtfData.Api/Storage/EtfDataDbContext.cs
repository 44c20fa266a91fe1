using System.Text;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Storage;

/// <summary>
/// EF Core view of the schema that the SQL migrations own. Names are snake_case, set here by one
/// convention because the naming-conventions package is not available for EF Core 10.
/// </summary>
public class EtfDataDbContext : DbContext
{
    public EtfDataDbContext(DbContextOptions<EtfDataDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="EtfDataReadDbContext"/>, which carries options of its own type.</summary>
    protected EtfDataDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Etf> Etfs => Set<Etf>();
    public DbSet<DailyPrice> DailyPrices => Set<DailyPrice>();
    public DbSet<FundMetric> FundMetrics => Set<FundMetric>();
    public DbSet<Dividend> Dividends => Set<Dividend>();
    public DbSet<Split> Splits => Set<Split>();
    public DbSet<HoldingSnapshot> HoldingSnapshots => Set<HoldingSnapshot>();
    public DbSet<Holding> Holdings => Set<Holding>();
    public DbSet<Security> Securities => Set<Security>();
    public DbSet<EtfSourceProfile> EtfSourceProfiles => Set<EtfSourceProfile>();
    public DbSet<ReportedFlow> ReportedFlows => Set<ReportedFlow>();
    public DbSet<NportFiling> NportFilings => Set<NportFiling>();
    public DbSet<NportFilingReturn> NportFilingReturns => Set<NportFilingReturn>();
    public DbSet<FundFlow> FundFlows => Set<FundFlow>();
    public DbSet<IngestionRun> IngestionRuns => Set<IngestionRun>();
    public DbSet<IngestionItem> IngestionItems => Set<IngestionItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EtfDataDbContext).Assembly);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    /// <summary><c>TotalAssetsUsd</c> → <c>total_assets_usd</c>; <c>Month1SalesUsd</c> → <c>month1_sales_usd</c>.</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                              (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
