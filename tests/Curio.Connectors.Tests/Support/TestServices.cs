namespace Curio.Connectors.Tests.Support;

/// <summary>
/// Emulators that ./test.sh starts and announces through environment variables. Without the variable a test skips
/// locally, and fails under CI=true, where a missing service means the run is broken rather than partial.
/// </summary>
public static class TestServices
{
    /// <summary>moto's S3 endpoint, e.g. http://127.0.0.1:5001.</summary>
    public static string S3Endpoint => Require("CURIO_TEST_S3_ENDPOINT", "moto (S3)");

    /// <summary>azurite's blob endpoint including the account, e.g. http://127.0.0.1:10000/devstoreaccount1.</summary>
    public static string AzureBlobEndpoint => Require("CURIO_TEST_AZURE_BLOB_ENDPOINT", "azurite (Azure Blob)");

    /// <summary>azurite's well-known development account key (public, documented by Microsoft).</summary>
    public const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string AzuriteConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteAccountKey};BlobEndpoint={AzureBlobEndpoint};";

    private static string Require(string variable, string service)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{variable} is not set: {service} must run under CI (./test.sh starts it).");
        }

        Assert.Skip($"{variable} is not set; start {service} with ./test.sh to run this test.");
        return "";
    }
}
