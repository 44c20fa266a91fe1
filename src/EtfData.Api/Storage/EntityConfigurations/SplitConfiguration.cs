using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal sealed class SplitConfiguration : IEntityTypeConfiguration<Split>
{
    public void Configure(EntityTypeBuilder<Split> builder)
    {
        builder.ToTable("split");
        builder.HasKey(s => new { s.Symbol, s.SplitDate });
        builder.Property(s => s.Numerator).HasColumnType("numeric(18,6)");
        builder.Property(s => s.Denominator).HasColumnType("numeric(18,6)");
        builder.Ignore(s => s.Ratio);
        builder.HasOne<Etf>().WithMany().HasForeignKey(s => s.Symbol);
    }
}
