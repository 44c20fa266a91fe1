using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal sealed class EtfConfiguration : IEntityTypeConfiguration<Etf>
{
    public void Configure(EntityTypeBuilder<Etf> builder)
    {
        builder.ToTable("etf");
        builder.HasKey(e => e.Symbol);
        builder.Property(e => e.ExpenseRatio).HasColumnType("numeric(9,6)");
        builder.Property(e => e.FirstSeenAt).HasDefaultValueSql("now()");
        builder.Property(e => e.UpdatedAt).HasDefaultValueSql("now()");
        builder.Property(e => e.FieldSources).HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
    }
}

internal sealed class EtfSourceProfileConfiguration : IEntityTypeConfiguration<EtfSourceProfile>
{
    public void Configure(EntityTypeBuilder<EtfSourceProfile> builder)
    {
        builder.ToTable("etf_source_profile");
        builder.HasKey(p => new { p.Symbol, p.Source });
        builder.Property(p => p.ExpenseRatio).HasColumnType("numeric(9,6)");
        builder.Property(p => p.AumUsd).HasColumnType("numeric(20,2)");
        builder.Property(p => p.FetchedAt).HasDefaultValueSql("now()");
        builder.HasOne<Etf>().WithMany().HasForeignKey(p => p.Symbol);
    }
}

internal sealed class ReportedFlowConfiguration : IEntityTypeConfiguration<ReportedFlow>
{
    public void Configure(EntityTypeBuilder<ReportedFlow> builder)
    {
        builder.ToTable("reported_flow");
        builder.HasKey(f => new { f.Symbol, f.Source, f.AsOf, f.WindowName });
        builder.Property(f => f.NetFlowUsd).HasColumnType("numeric(22,2)");
        builder.Property(f => f.FetchedAt).HasDefaultValueSql("now()");
        builder.HasOne<Etf>().WithMany().HasForeignKey(f => f.Symbol);
    }
}
