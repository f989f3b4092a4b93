using Curio.Cli.Tests.Support;
using Curio.Sdk;

namespace Curio.Cli.Tests.Sdk;

/// <summary>A client over a <see cref="FakeHandler"/>, retrying without delay.</summary>
public abstract class SdkTestBase
{
    internal FakeHandler Handler { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected CurioClient Client(string endpoint = "http://curio.test/", int maxRetries = 3, TimeSpan? networkTimeout = null) =>
        new(new Uri(endpoint), "secret-token", new CurioClientOptions
        {
            HttpClient = new HttpClient(Handler),
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.Zero,
            NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30),
        });
}
