using System.Text;
using Microsoft.Playwright;

namespace Curio.Ui.Tests;

internal static class UploadFiles
{
    /// <summary>An upload file as the browser's file picker hands it over: JSON or CSV by its name.</summary>
    public static FilePayload Spec(string name, string text) => new()
    {
        Name = name,
        MimeType = name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/json",
        Buffer = Encoding.UTF8.GetBytes(text),
    };
}
