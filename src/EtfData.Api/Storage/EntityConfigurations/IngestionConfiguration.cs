using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal sealed class IngestionRunConfiguration : IEntityTypeConfiguration<IngestionRun>
{
    public void Configure(EntityTypeBuilder<IngestionRun> builder)
    {
        builder.ToTable("ingestion_run");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityAlwaysColumn();
        builder.Property(r => r.Status).HasLowerCaseText();
    }
}

internal sealed class IngestionItemConfiguration : IEntityTypeConfiguration<IngestionItem>
{
    public void Configure(EntityTypeBuilder<IngestionItem> builder)
    {
        builder.ToTable("ingestion_item");
        builder.HasKey(i => new { i.RunId, i.Item });
        builder.Property(i => i.Status).HasLowerCaseText();
        builder.HasOne<IngestionRun>().WithMany().HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
