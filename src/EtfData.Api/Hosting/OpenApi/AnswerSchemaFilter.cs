using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EtfData.Api.Hosting.OpenApi;

/// <summary>
/// EtfData's answers serialise every property, null or not (DefaultIgnoreCondition.Never), so every
/// property of their schemas is <c>required</c>; nullability says which may be null. Request bodies
/// (types named <c>*Request</c>) list only what binding cannot do without.
/// </summary>
internal sealed class AnswerSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } concrete
            || context.Type.Namespace?.StartsWith("EtfData", StringComparison.Ordinal) != true)
        {
            return;
        }

        var request = context.Type.Name.EndsWith("Request", StringComparison.Ordinal);
        var nullability = new NullabilityInfoContext();
        concrete.Required ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always })
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!concrete.Properties!.ContainsKey(name))
            {
                continue;
            }

            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
                           || (!property.PropertyType.IsValueType && nullability.Create(property).ReadState != NullabilityState.NotNull);
            // OpenAPI 3.0 carries `nullable` beside allOf only with a type (Redocly: nullable-type-sibling).
            if (nullable && concrete.Properties![name] is OpenApiSchema { AllOf.Count: 1 } wrapper)
            {
                var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                wrapper.Type = (target.IsEnum ? JsonSchemaType.String : JsonSchemaType.Object) | JsonSchemaType.Null;
            }

            var optional = request && (nullable || context.Type.GetConstructors().SelectMany(c => c.GetParameters())
                .Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase) && p.HasDefaultValue));
            if (!optional)
            {
                concrete.Required.Add(name);
            }
        }
    }
}
