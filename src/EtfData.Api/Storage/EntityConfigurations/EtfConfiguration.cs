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
    }
}
