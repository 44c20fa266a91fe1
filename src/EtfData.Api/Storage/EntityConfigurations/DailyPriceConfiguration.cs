using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal sealed class DailyPriceConfiguration : IEntityTypeConfiguration<DailyPrice>
{
    public void Configure(EntityTypeBuilder<DailyPrice> builder)
    {
        builder.ToTable("price_daily");
        builder.HasKey(p => new { p.Symbol, p.TradeDate });
        builder.Property(p => p.Open).HasColumnType("numeric(18,6)");
        builder.Property(p => p.High).HasColumnType("numeric(18,6)");
        builder.Property(p => p.Low).HasColumnType("numeric(18,6)");
        builder.Property(p => p.Close).HasColumnType("numeric(18,6)");
        builder.Property(p => p.AdjClose).HasColumnType("numeric(18,6)");
        builder.HasOne<Etf>().WithMany().HasForeignKey(p => p.Symbol);
    }
}
