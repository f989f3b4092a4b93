namespace Curio.Cli.Infrastructure;

/// <summary>Environment variables and the places derived from them; tests give their own variables instead of the process's.</summary>
internal sealed class CliEnvironment
{
    public const string UrlVariable = "CURIO_URL";
    public const string TokenVariable = "CURIO_TOKEN";
    public const string ConfigDirVariable = "CURIO_CONFIG_DIR";

    private readonly IReadOnlyDictionary<string, string>? _variables;

    /// <param name="variables">The variables to use; null for the process's own.</param>
    public CliEnvironment(IReadOnlyDictionary<string, string>? variables = null) => _variables = variables;

    public string? this[string name]
    {
        get
        {
            var value = _variables is null ? Environment.GetEnvironmentVariable(name) : _variables.GetValueOrDefault(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }

    /// <summary><c>$CURIO_CONFIG_DIR/profile.json</c>, else <c>$XDG_CONFIG_HOME/curio/profile.json</c>, else <c>~/.config/curio/profile.json</c>.</summary>
    public string ProfilePath
    {
        get
        {
            if (this[ConfigDirVariable] is { } configDir)
            {
                return Path.GetFullPath(Path.Combine(configDir, "profile.json"));
            }

            if (this["XDG_CONFIG_HOME"] is { } xdg)
            {
                return Path.GetFullPath(Path.Combine(xdg, "curio", "profile.json"));
            }

            var home = this["HOME"] ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.GetFullPath(Path.Combine(home, ".config", "curio", "profile.json"));
        }
    }
}
