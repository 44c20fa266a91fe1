using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal sealed class FundMetricConfiguration : IEntityTypeConfiguration<FundMetric>
{
    public void Configure(EntityTypeBuilder<FundMetric> builder)
    {
        builder.ToTable("fund_metric_daily");
        builder.HasKey(m => new { m.Symbol, m.AsOf, m.Source });
        builder.Property(m => m.TotalAssetsUsd).HasColumnType("numeric(20,2)");
        builder.Property(m => m.NavPerShare).HasColumnType("numeric(18,6)");
        builder.HasOne<Etf>().WithMany().HasForeignKey(m => m.Symbol);
    }
}
