namespace Curio.Contracts;

/// <summary>
/// The file through which <c>curio serve</c> hands the local user a server URL and a token
/// (<c>$CURIO_CONFIG_DIR/profile.json</c>, else <c>$XDG_CONFIG_HOME/curio/profile.json</c>, else <c>~/.config/curio/profile.json</c>).
/// </summary>
public sealed record CliProfile
{
    /// <summary>Base URL of the server, e.g. <c>http://127.0.0.1:5170/</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>Bearer token.</summary>
    public required string Token { get; init; }
}
