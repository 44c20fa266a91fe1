using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EtfData.Api.Storage.EntityConfigurations;

internal static class EnumText
{
    /// <summary>Stores an enum as its lower-case name, matching the CHECK (… IN (…)) lists of the schema.</summary>
    public static PropertyBuilder<TEnum> HasLowerCaseText<TEnum>(this PropertyBuilder<TEnum> property)
        where TEnum : struct, Enum =>
        property.HasConversion(
            value => value.ToString().ToLowerInvariant(),
            text => Enum.Parse<TEnum>(text, true));
}
