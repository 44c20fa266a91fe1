using System.Text;

namespace EtfData.Tests.Sources.Issuers;

internal static class IssuerFixtures
{
    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "issuer", name));

    /// <summary>The fixture as text (BOM removed), for tests that bend one line of the layout.</summary>
    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name)).TrimStart('\uFEFF');

    public static byte[] WithBom(string text) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)];
}
