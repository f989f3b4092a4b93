using System.Text.Json;

namespace Curio.Server.Hosting;

internal static class JsonText
{
    /// <summary>Stored JSON text as a detached element for a response.</summary>
    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
