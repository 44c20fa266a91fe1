using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal sealed class FundFlowConfiguration : IEntityTypeConfiguration<FundFlow>
{
    public void Configure(EntityTypeBuilder<FundFlow> builder)
    {
        builder.ToTable("fund_flow_daily");
        builder.HasKey(f => new { f.Symbol, f.TradeDate, f.Method });
        builder.Property(f => f.Method).HasLowerCaseText();
        builder.Property(f => f.NetFlowUsd).HasColumnType("numeric(22,2)");
        builder.Property(f => f.AumUsd).HasColumnType("numeric(20,2)");
        builder.Property(f => f.PreviousAumUsd).HasColumnType("numeric(20,2)");
        builder.Property(f => f.NavPerShare).HasColumnType("numeric(18,6)");
        builder.Property(f => f.PreviousNavPerShare).HasColumnType("numeric(18,6)");
        builder.HasOne<Etf>().WithMany().HasForeignKey(f => f.Symbol);
    }
}
