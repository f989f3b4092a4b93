using Curio.Connectors.Azure;
using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests.Azure;

/// <summary>Account, endpoint and credential from settings and secrets; pure, no emulator.</summary>
public sealed class AzureConnectionTests
{
    private const string Key = TestServices.AzuriteAccountKey;

    [Fact]
    public void The_azurite_connection_string_gives_its_path_style_endpoint_account_and_key()
    {
        var connection = Connect(secrets: new()
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
        });

        Assert.Equal(new AzureAccount("http://127.0.0.1:10000/devstoreaccount1", "devstoreaccount1", null), connection.Account);
        Assert.Equal("devstoreaccount1", connection.SharedKey?.AccountName);
        Assert.Null(connection.Sas);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey={0};EndpointSuffix=core.windows.net", "https://myaccount.blob.core.windows.net")]
    [InlineData("AccountName=myaccount;AccountKey={0}", "https://myaccount.blob.core.windows.net")]
    [InlineData("accountname=myaccount; accountkey={0} ;", "https://myaccount.blob.core.windows.net")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=myaccount;AccountKey={0}", "http://myaccount.blob.core.windows.net")]
    [InlineData("AccountName=myaccount;AccountKey={0};EndpointSuffix=core.chinacloudapi.cn", "https://myaccount.blob.core.chinacloudapi.cn")]
    [InlineData("AccountName=myaccount;AccountKey={0};BlobEndpoint=https://files.example.com/", "https://files.example.com")]
    [InlineData("AccountName=myaccount;AccountKey={0};BlobEndpoint=https://MyAccount.blob.core.windows.net/", "https://myaccount.blob.core.windows.net")]
    public void A_key_connection_string_gives_the_endpoint_from_its_parts(string template, string endpoint)
    {
        var connection = Connect(secrets: new() { ConnectionString = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Key) });

        Assert.Equal(endpoint, connection.Account.Endpoint);
        Assert.Equal("myaccount", connection.Account.Name);
        Assert.Equal("myaccount", connection.SharedKey?.AccountName);
    }

    [Fact]
    public void A_sas_connection_string_gives_a_sas_credential_and_the_account_of_its_endpoint()
    {
        var connection = Connect(secrets: new()
        {
            ConnectionString = "BlobEndpoint=https://myaccount.blob.core.windows.net/;SharedAccessSignature=?sv=2025-01-05&sp=rl&sig=abc%3D",
        });

        Assert.Equal(new AzureAccount("https://myaccount.blob.core.windows.net", "myaccount", null), connection.Account);
        Assert.Equal("sv=2025-01-05&sp=rl&sig=abc%3D", connection.Sas?.Signature);
        Assert.Null(connection.SharedKey);
    }

    [Fact]
    public void A_connection_string_without_key_or_sas_reads_anonymously()
    {
        var connection = Connect(secrets: new() { ConnectionString = "AccountName=myaccount" });

        Assert.True(connection.Anonymous);
        Assert.Equal("https://myaccount.blob.core.windows.net", connection.Account.Endpoint);
    }

    [Fact]
    public void The_connection_strings_endpoint_wins_over_the_settings_and_the_settings_fill_in_when_it_has_none()
    {
        var named = Connect(
            new() { Provider = "azure", Endpoint = "https://other.example.com" },
            new() { ConnectionString = $"AccountName=myaccount;AccountKey={Key};BlobEndpoint=https://files.example.com" });
        var unnamed = Connect(
            new() { Provider = "azure", Endpoint = "https://files.example.com" },
            new() { ConnectionString = $"AccountName=myaccount;AccountKey={Key}" });

        Assert.Equal("https://files.example.com", named.Account.Endpoint);
        Assert.Equal("https://files.example.com", unnamed.Account.Endpoint);
    }

    [Theory]
    [InlineData("https://myaccount.blob.core.windows.net", "https://myaccount.blob.core.windows.net", "myaccount")]
    [InlineData("https://myaccount.blob.core.windows.net/", "https://myaccount.blob.core.windows.net", "myaccount")]
    [InlineData("https://MYACCOUNT.blob.core.windows.net:443", "https://myaccount.blob.core.windows.net", "myaccount")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/", "http://127.0.0.1:10000/devstoreaccount1", "devstoreaccount1")]
    [InlineData("http://localhost:10000/devstoreaccount1", "http://localhost:10000/devstoreaccount1", "devstoreaccount1")]
    [InlineData("http://devstoreaccount1.blob.localhost:10000", "http://devstoreaccount1.blob.localhost:10000", "devstoreaccount1")]
    public void An_endpoint_with_an_account_key_names_the_account_in_its_host_or_first_path_segment(string endpoint, string normalized, string account)
    {
        var connection = Connect(new() { Provider = "azure", Endpoint = endpoint, Bucket = "photos" }, new() { AccountKey = Key });

        Assert.Equal(new AzureAccount(normalized, account, "photos"), connection.Account);
        Assert.Equal(account, connection.SharedKey?.AccountName);
    }

    [Fact]
    public void An_endpoint_with_a_sas_keeps_the_token_without_its_question_mark()
    {
        var connection = Connect(new() { Provider = "azure", Endpoint = "https://myaccount.blob.core.windows.net" }, new() { Sas = "?sv=1&sig=x" });

        Assert.Equal("sv=1&sig=x", connection.Sas?.Signature);
    }

    [Fact]
    public void An_anonymous_custom_domain_needs_no_account_name()
    {
        var connection = Connect(new() { Provider = "azure", Endpoint = "https://files.example.com", Anonymous = true }, new());

        Assert.True(connection.Anonymous);
        Assert.Equal(new AzureAccount("https://files.example.com", null, null), connection.Account);
    }

    [Theory]
    [InlineData("https://files.example.com", null, "needs the storage account's name")]
    [InlineData("https://myaccount.blob.core.windows.net/photos", null, "has a path; give the service endpoint (https://myaccount.blob.core.windows.net) and the container with --bucket")]
    [InlineData("https://myaccount.blob.core.windows.net", "Photos", "The container name 'Photos' is not valid: 3 to 63 lowercase letters")]
    [InlineData("https://myaccount.blob.core.windows.net", "a/b", "The container name 'a/b' is not valid")]
    public void Settings_a_source_cannot_be_made_from_are_refused_in_words(string endpoint, string? bucket, string expected)
    {
        var settings = new IntegrationSettings { Provider = "azure", Endpoint = endpoint, Bucket = bucket };
        var secrets = new IntegrationSecrets { AccountKey = Key };

        var problem = AzureConnection.Problem(settings, secrets);
        var error = Assert.Throws<ArgumentException>(() => AzureConnection.Create(settings, secrets));

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.StartsWith(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccountName=myaccount;AccountKey=not base64!!", "The account key is not base64")]
    [InlineData("AccountKey=c2VjcmV0", "names neither AccountName nor BlobEndpoint")]
    [InlineData("AccountName=myaccount;secretgarbage", "not a list of Name=value pairs")]
    [InlineData("DefaultEndpointsProtocol=ftp;AccountName=myaccount", "DefaultEndpointsProtocol is 'ftp'")]
    [InlineData("BlobEndpoint=ftp://files.example.com;SharedAccessSignature=sig=c2VjcmV0", "is not an http(s) URL")]
    [InlineData("BlobEndpoint=https://files.example.com;AccountKey=c2VjcmV0", "needs the storage account's name")]
    [InlineData("BlobEndpoint=https://myaccount.blob.core.windows.net/?sv=1&sig=c2VjcmV0", "The blob endpoint has a query")]
    [InlineData("BlobEndpoint=https://user:c2VjcmV0@myaccount.blob.core.windows.net", "The blob endpoint has a query, fragment or user name")]
    public void Bad_connection_strings_are_refused_without_quoting_secrets(string connectionString, string expected)
    {
        var problem = AzureConnection.Problem(new IntegrationSettings { Provider = "azure" }, new IntegrationSecrets { ConnectionString = connectionString });

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("secretgarbage", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64!!", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://myaccount.blob.core.windows.net", "Photos", "The container name 'Photos' is not valid")]
    [InlineData("https://files.example.com", null, "An account key needs the storage account's name")]
    public void Validation_refuses_what_Create_would_refuse(string endpoint, string? bucket, string expected)
    {
        var settings = new IntegrationSettings { Provider = IntegrationSettings.Azure, Endpoint = endpoint, Bucket = bucket };
        var secrets = new IntegrationSecrets { AccountKey = Key };
        using var factory = new ObjectSourceFactory();

        var problem = ObjectSourceFactory.Validate(settings, secrets);

        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.Equal(problem, Assert.Throws<ArgumentException>(() => factory.Create(settings, secrets)).Message.Split(" (Parameter")[0]);
    }

    [Fact]
    public void The_factory_makes_an_azure_source()
    {
        using var factory = new ObjectSourceFactory();

        var source = factory.Create(
            new IntegrationSettings { Provider = IntegrationSettings.Azure, Endpoint = "https://myaccount.blob.core.windows.net", Anonymous = true });

        Assert.Equal("azure", source.Provider);
        Assert.Equal("photos/a.jpg", source.Resolve("az://photos/a.jpg").Location?.Key);
        ((IDisposable)source).Dispose();
    }

    private static AzureConnection Connect(IntegrationSettings? settings = null, IntegrationSecrets? secrets = null) =>
        AzureConnection.Create(settings ?? new IntegrationSettings { Provider = "azure" }, secrets ?? new IntegrationSecrets());
}
