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

    private static string Settings(Integration integration) => integration.Provider switch
    {
        "local" => $"root {integration.Root}",
        "direct" => integration.AllowPrivateNetworks ? "private networks allowed" : "",
        _ => integration.Root ?? "",
    };
}
