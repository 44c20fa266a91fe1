using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal sealed class HoldingSnapshotConfiguration : IEntityTypeConfiguration<HoldingSnapshot>
{
    public void Configure(EntityTypeBuilder<HoldingSnapshot> builder)
    {
        builder.ToTable("holding_snapshot");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(s => new { s.Symbol, s.AsOf, s.Source }).IsUnique();
        builder.Property(s => s.FetchedAt).HasDefaultValueSql("now()");
        builder.HasOne<Etf>().WithMany().HasForeignKey(s => s.Symbol);
        builder.HasOne<NportFiling>().WithMany().HasForeignKey(s => s.NportAccession);
        builder.Property(s => s.WeightSum).HasColumnType("numeric(20,14)");
        builder.Property(s => s.Coverage).HasDefaultValue(HoldingCoverage.Full);
        // Kept by the holding_snapshot_latest trigger, never written by EF.
        builder.Property(s => s.IsLatest).ValueGeneratedOnAddOrUpdate().Metadata.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
    }
}

internal sealed class SecurityConfiguration : IEntityTypeConfiguration<Security>
{
    public void Configure(EntityTypeBuilder<Security> builder)
    {
        builder.ToTable("security");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(s => s.Cusip).IsUnique();
        builder.HasIndex(s => s.Isin).IsUnique();
        builder.HasIndex(s => s.Ticker);
        builder.HasIndex(s => s.NameKey);
        builder.Property(s => s.UpdatedAt).HasDefaultValueSql("now()");
    }
}

internal sealed class HoldingConfiguration : IEntityTypeConfiguration<Holding>
{
    public void Configure(EntityTypeBuilder<Holding> builder)
    {
        builder.ToTable("holding");
        builder.HasKey(h => new { h.SnapshotId, h.Position });
        builder.Property(h => h.Weight).HasColumnType("numeric(18,14)");
        builder.Property(h => h.Balance).HasColumnType("numeric(30,10)");
        builder.Property(h => h.ExchangeRate).HasColumnType("numeric(24,10)");
        builder.Property(h => h.Shares).HasColumnType("numeric(24,6)");
        builder.Property(h => h.MarketValueUsd).HasColumnType("numeric(22,2)");
        builder.HasOne<HoldingSnapshot>().WithMany().HasForeignKey(h => h.SnapshotId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Security>().WithMany().HasForeignKey(h => h.SecurityId);
        builder.HasIndex(h => new { h.SecurityId, h.SnapshotId });
    }
}
