using Curio.Cli.Infrastructure;
using Spectre.Console;

namespace Curio.Cli.Commands.Schema;

internal sealed class SchemaGetSettings : CurioSettings;

/// <summary><c>curio schema get</c>: the keys and their types; with <c>--output json</c>, Encord's v2 document as the server has it.</summary>
internal sealed class SchemaGetCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<SchemaGetSettings>(output, console)
{
    protected override async Task<int> RunAsync(SchemaGetSettings settings, CancellationToken cancellationToken)
    {
        var schema = await connection.CreateClient(settings).GetMetadataSchemaAsync(cancellationToken);
        SchemaView.Write(Output, settings.Json, schema);
        return ExitCodes.Ok;
    }
}
