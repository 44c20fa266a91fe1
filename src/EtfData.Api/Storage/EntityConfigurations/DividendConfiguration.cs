using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal sealed class DividendConfiguration : IEntityTypeConfiguration<Dividend>
{
    public void Configure(EntityTypeBuilder<Dividend> builder)
    {
        builder.ToTable("dividend");
        builder.HasKey(d => new { d.Symbol, d.ExDate });
        builder.Property(d => d.CashAmount).HasColumnType("numeric(18,8)");
        builder.HasOne<Etf>().WithMany().HasForeignKey(d => d.Symbol);
    }
}
