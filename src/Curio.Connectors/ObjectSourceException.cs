namespace Curio.Connectors;

public enum ObjectErrorKind
{
    /// <summary>The object does not exist.</summary>
    NotFound,

    /// <summary>The provider refused access (permissions, bucket policy).</summary>
    AccessDenied,

    /// <summary>Curio refused to read it: outside the integration's root, a private address, ...</summary>
    Refused,

    /// <summary>A timeout, a throttle, a 5xx or a reset: worth retrying.</summary>
    Unavailable,

    /// <summary>Anything else the provider answered that is not usable.</summary>
    Failed,
}

/// <summary>A failure to read an object, with a message that names the object and says what to do.</summary>
public sealed class ObjectSourceException : Exception
{
    public ObjectSourceException(ObjectErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ObjectErrorKind Kind { get; }

    public bool IsTransient => Kind == ObjectErrorKind.Unavailable;
}
