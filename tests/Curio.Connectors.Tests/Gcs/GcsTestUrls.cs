using Curio.Testing.FakeGcs;

namespace Curio.Connectors.Tests.Gcs;

internal static class GcsTestUrls
{
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
