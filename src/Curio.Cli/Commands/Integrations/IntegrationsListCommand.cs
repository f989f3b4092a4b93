using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;

namespace Curio.Cli.Commands.Integrations;

internal sealed class IntegrationsListSettings : CurioSettings;

/// <summary><c>curio integrations list</c></summary>
internal sealed class IntegrationsListCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<IntegrationsListSettings>(output, console)
{
    protected override async Task<int> RunAsync(IntegrationsListSettings settings, CancellationToken cancellationToken)
    {
        var client = connection.CreateClient(settings);
        var integrations = new List<Integration>();
        await foreach (var integration in client.GetIntegrationsAsync(cancellationToken))
        {
            integrations.Add(integration);
        }

        if (settings.Json)
        {
            JsonOutput.Write(Output, new Page<Integration> { Results = integrations }, CurioJsonContext.Default.PageIntegration);
        }
        else if (integrations.Count == 0)
        {
            Output.WriteLine("No integrations. Add one with: curio integrations add --name NAME --provider local --root DIR");
        }
        else
        {
            var table = Render.Table("name", "provider", "settings", "uuid", "created");
            foreach (var integration in integrations)
            {
                table.AddTextRow(integration.Name, integration.Provider, Settings(integration), integration.Uuid.ToString(), Render.Time(integration.CreatedAt));
            }

            Output.Write(table);
        }

        return ExitCodes.Ok;
    }

    public static string Describe(Integration integration) => $"{integration.Provider}{(Settings(integration) is { Length: > 0 } s ? ", " + s : "")}";

    private static string Settings(Integration integration)
    {
        if (integration.Provider == "local")
        {
            return $"root {integration.Root}";
        }

        if (integration.Provider == "direct")
        {
            return integration.AllowPrivateNetworks ? "private networks allowed" : "";
        }

        var parts = new List<string>();
        if (integration.Bucket is not null)
        {
            parts.Add($"{(integration.Provider == "azure" ? "container" : "bucket")} {integration.Bucket}");
        }

        if (integration.Endpoint is not null)
        {
            parts.Add($"endpoint {integration.Endpoint}");
        }

        if (integration.Region is not null)
        {
            parts.Add($"region {integration.Region}");
        }

        parts.Add(integration.Anonymous ? "anonymous" : integration.Credentials.Count > 0 ? string.Join("+", integration.Credentials) : "no credentials");
        if (integration.PathStyle)
        {
            parts.Add("path-style");
        }

        if (integration.StrictClientOnly)
        {
            parts.Add("strict client-only");
        }

        if (integration.SignedUrlTtlSeconds is { } ttl)
        {
            parts.Add($"signed URLs {ttl} s");
        }

        return string.Join(", ", parts);
    }
}
