using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Integrations;

internal sealed class IntegrationsAddSettings : CurioSettings
{
    [CommandOption("--name <NAME>")]
    [Description("Unique name: letters, digits, '-', '_' and '.'")]
    public string? Name { get; set; }

    [CommandOption("--provider <PROVIDER>")]
    [Description("local (a folder on the server's machine) or direct (URLs read as given)")]
    public string? Provider { get; set; }

    [CommandOption("--root <DIR>")]
    [Description("local: the folder files are read from (made absolute); nothing outside it is read")]
    public string? Root { get; set; }

    [CommandOption("--allow-private-networks")]
    [Description("direct: also read from loopback, private, link-local and cloud-metadata addresses")]
    public bool AllowPrivateNetworks { get; set; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            return ValidationResult.Error("--name is required.");
        }

        switch (Provider?.ToLowerInvariant())
        {
            case null or "":
                return ValidationResult.Error("--provider is required: local or direct.");
            case "local" when string.IsNullOrWhiteSpace(Root):
                return ValidationResult.Error("--provider local needs --root DIR, the folder the files are read from.");
            case "local" when AllowPrivateNetworks:
                return ValidationResult.Error("--allow-private-networks applies to --provider direct only.");
            case "direct" when Root is not null:
                return ValidationResult.Error("--root applies to --provider local only.");
            default:
                return base.Validate();
        }
    }
}

/// <summary><c>curio integrations add</c></summary>
internal sealed class IntegrationsAddCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<IntegrationsAddSettings>(output, console)
{
    protected override async Task<int> RunAsync(IntegrationsAddSettings settings, CancellationToken cancellationToken)
    {
        var client = connection.CreateClient(settings);
        var provider = settings.Provider!.ToLowerInvariant();
        var integration = await client.CreateIntegrationAsync(new CreateIntegrationRequest
        {
            Name = settings.Name!,
            Provider = provider,
            Root = settings.Root is null ? null : Path.GetFullPath(settings.Root),
            AllowPrivateNetworks = settings.AllowPrivateNetworks,
        }, cancellationToken);

        if (settings.Json)
        {
            JsonOutput.Write(Output, integration, CurioJsonContext.Default.Integration);
        }
        else
        {
            Output.WriteLine($"Created integration '{integration.Name}' ({IntegrationsListCommand.Describe(integration)}), {integration.Uuid}.");
        }

        return ExitCodes.Ok;
    }
}
