using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests;

public sealed class ObjectSourceFactoryTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public void Valid_settings_pass()
    {
        Assert.Null(ObjectSourceFactory.Validate(Local(_temp.Path)));
        Assert.Null(ObjectSourceFactory.Validate(Local(_temp.Path + "/")));
        Assert.Null(ObjectSourceFactory.Validate(new IntegrationSettings { Provider = "direct" }));
        Assert.Null(ObjectSourceFactory.Validate(new IntegrationSettings { Provider = "direct", AllowPrivateNetworks = true }));
    }

    [Theory]
    [InlineData("ftp")]
    [InlineData("Local")]
    [InlineData("")]
    public void Unknown_provider_is_named(string provider)
    {
        Assert.Equal(
            $"Unknown provider '{provider}'; expected one of 'local', 'direct', 's3', 's3-compatible', 'azure', 'gcs'.",
            ObjectSourceFactory.Validate(new IntegrationSettings { Provider = provider }));
    }

    [Fact]
    public void Local_root_must_be_given_absolute_and_an_existing_folder()
    {
        var file = _temp.Write("file.txt", [1]);

        Assert.Contains("needs a root folder", ObjectSourceFactory.Validate(Local(null)), StringComparison.Ordinal);
        Assert.Contains("needs a root folder", ObjectSourceFactory.Validate(Local("  ")), StringComparison.Ordinal);
        Assert.Equal(
            "The root folder 'data/images' is not an absolute path; give the full path, e.g. /data/images.",
            ObjectSourceFactory.Validate(Local("data/images")));
        Assert.Equal(
            $"The root folder '{_temp.Path}/missing' does not exist or is not a folder.",
            ObjectSourceFactory.Validate(Local(_temp.Path + "/missing")));
        Assert.Contains("is not a folder", ObjectSourceFactory.Validate(Local(file)), StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_of_another_provider_are_refused()
    {
        Assert.Contains(
            "allow-private-networks applies only to direct integrations",
            ObjectSourceFactory.Validate(Local(_temp.Path) with { AllowPrivateNetworks = true }),
            StringComparison.Ordinal);
        Assert.Contains(
            "takes no root folder",
            ObjectSourceFactory.Validate(new IntegrationSettings { Provider = "direct", Root = _temp.Path }),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Create_makes_the_provider_asked_for()
    {
        using var factory = new ObjectSourceFactory();

        Assert.Equal("local", factory.Create(Local(_temp.Path)).Provider);
        Assert.Equal("direct", factory.Create(new IntegrationSettings { Provider = "direct" }).Provider);
    }

    [Fact]
    public void Create_refuses_invalid_settings_with_the_validation_message()
    {
        using var factory = new ObjectSourceFactory();

        var error = Assert.Throws<ArgumentException>(() => factory.Create(new IntegrationSettings { Provider = "ftp" }));

        Assert.StartsWith("Unknown provider 'ftp'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_after_dispose_throws()
    {
        var factory = new ObjectSourceFactory();
        factory.Dispose();
        factory.Dispose();

        Assert.Throws<ObjectDisposedException>(() => factory.Create(new IntegrationSettings { Provider = "direct" }));
    }

    [Fact]
    public void Nonsense_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ObjectSourceFactory(options: new ObjectSourceOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ObjectSourceFactory(options: new ObjectSourceOptions { RequestTimeout = TimeSpan.Zero }));
    }

    public void Dispose() => _temp.Dispose();

    private static IntegrationSettings Local(string? root) => new() { Provider = "local", Root = root };
}
