using Curio.Server;

await CurioHost.Build(args).RunAsync();

/// <summary>The entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
