using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal sealed class NportFilingConfiguration : IEntityTypeConfiguration<NportFiling>
{
    public void Configure(EntityTypeBuilder<NportFiling> builder)
    {
        builder.ToTable("nport_filing");
        builder.HasKey(f => f.Accession);
        foreach (var property in builder.Metadata.GetProperties().Where(p => p.ClrType == typeof(decimal?)))
        {
            property.SetColumnType(property.Name.EndsWith("Return", StringComparison.Ordinal) ? "numeric(12,8)" : "numeric(22,2)");
        }

        builder.Property(f => f.ParsedAt).HasDefaultValueSql("now()");
        builder.HasOne<Etf>().WithMany().HasForeignKey(f => f.Symbol);
    }
}
