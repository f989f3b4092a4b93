using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Infrastructure;

/// <summary>The options every command takes.</summary>
internal abstract class CurioSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("Server URL. Default: $CURIO_URL, else the profile that `curio serve` writes")]
    public string? Url { get; set; }

    [CommandOption("--token <TOKEN>")]
    [Description("API token. Default: $CURIO_TOKEN, else the profile's (when its URL is the server's)")]
    public string? Token { get; set; }

    [CommandOption("--output <FORMAT>")]
    [Description("text, or json: one JSON document on stdout, diagnostics on stderr")]
    [DefaultValue("text")]
    public string Output { get; set; } = "text";

    public bool Json => Output.Equals("json", StringComparison.OrdinalIgnoreCase);

    public override ValidationResult Validate()
    {
        if (!Json && !Output.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--output must be text or json, not '{Output}'.");
        }

        if (Url is not null && !IsHttpUrl(Url))
        {
            return ValidationResult.Error($"--url must be an absolute http or https URL, not '{Url}'.");
        }

        return Token is { Length: 0 } ? ValidationResult.Error("--token must not be empty.") : ValidationResult.Success();
    }

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>A required argument given as an id: a clear message instead of a conversion error.</summary>
    protected static ValidationResult CheckUuid(string? value, string name, string hint) =>
        Guid.TryParse(value, out _) ? ValidationResult.Success() : ValidationResult.Error($"{name} must be a UUID ({hint}), not '{value}'.");
}
