using System.Net;
using Curio.Connectors.Azure;
using Curio.Connectors.Direct;
using Curio.Connectors.Gcs;
using Curio.Connectors.Local;
using Curio.Connectors.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Curio.Connectors;

/// <summary>
/// Creates the <see cref="IObjectSource"/> for an integration. Owns the HTTP connection pools shared by all
/// direct sources, so creating a source is cheap and the factory should live as long as the server; sources
/// must not be used after the factory is disposed.
/// </summary>
public sealed class ObjectSourceFactory : IDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ObjectSourceOptions _options;
    private readonly DirectHttpClients _clients;
    private bool _disposed;

    public ObjectSourceFactory(ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, ObjectSourceOptions? options = null)
        : this(loggerFactory, timeProvider, options, AddressClassifier.Classify)
    {
    }

    /// <summary>Like the public constructor, with the address classification replaced (tests forbid a single loopback address).</summary>
    internal ObjectSourceFactory(
        ILoggerFactory? loggerFactory, TimeProvider? timeProvider, ObjectSourceOptions? options, Func<IPAddress, AddressCategory> classify)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new ObjectSourceOptions();
        _options.Check();
        _clients = new DirectHttpClients(classify);
    }

    /// <summary>Creates the source; throws <see cref="ArgumentException"/> with the <see cref="Validate"/> message for bad settings.</summary>
    public IObjectSource Create(IntegrationSettings settings, IntegrationSecrets? secrets = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(settings);
        secrets ??= new IntegrationSecrets();
        if (Validate(settings, secrets) is { } error)
        {
            throw new ArgumentException(error, nameof(settings));
        }

        return settings.Provider switch
        {
            IntegrationSettings.Local => new LocalObjectSource(
                new LocalRoot(settings.Root!), _loggerFactory.CreateLogger<LocalObjectSource>()),
            IntegrationSettings.Direct => new DirectObjectSource(
                new ResilientSender(
                    _clients.For(settings.AllowPrivateNetworks), _options, _time, _loggerFactory.CreateLogger<DirectObjectSource>())),
            IntegrationSettings.S3 or IntegrationSettings.S3Compatible => new S3ObjectSource(
                settings, secrets, _options, _time, _loggerFactory.CreateLogger<S3ObjectSource>()),
            IntegrationSettings.Azure => new AzureObjectSource(
                settings, secrets, _options, _time, _loggerFactory.CreateLogger<AzureObjectSource>()),
            IntegrationSettings.Gcs => new GcsObjectSource(settings, secrets, _options, _time, _loggerFactory.CreateLogger<GcsObjectSource>()),
            _ => throw new ArgumentException($"Unknown provider '{settings.Provider}'.", nameof(settings)),
        };
    }

    /// <summary>Why these settings cannot make a source, in words for the user; null when they can.</summary>
    public static string? Validate(IntegrationSettings settings, IntegrationSecrets? secrets = null) =>
        IntegrationValidator.Validate(settings, secrets);

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _clients.Dispose();
        }
    }
}
