using Curio.Testing.FakeGcs;

namespace Curio.Connectors.Tests.Gcs;

internal static class GcsTestUrls
{
    /// <summary>A gs:// URL with each path segment of the name percent-encoded (independently of the provider's own encoder).</summary>
    public static string Gs(string bucket, string name) => $"gs://{bucket}/{EscapeSegments(name)}";

    public static string Https(string bucket, string name) => $"https://storage.googleapis.com/{bucket}/{EscapeSegments(name)}";

    private static string EscapeSegments(string name) => string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    /// <summary>
    /// The same path and query sent to the fake instead of storage.googleapis.com, byte for byte (a signature
    /// covers the path as encoded, so nothing may be re-escaped on the way).
    /// </summary>
    public static Uri ToFake(Uri url, FakeGcsServer server)
    {
        const string google = "https://storage.googleapis.com/";
        Assert.StartsWith(google, url.AbsoluteUri, StringComparison.Ordinal);
        return new Uri(server.RootUri.AbsoluteUri + url.AbsoluteUri[google.Length..]);
    }
}
