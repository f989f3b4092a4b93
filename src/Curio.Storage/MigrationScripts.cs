using System.Globalization;
using System.Reflection;

namespace Curio.Storage;

/// <summary>A backend's numbered migration scripts, embedded as <c>&lt;Backend&gt;/Migrations/NNNN_name.sql</c>, in order.</summary>
internal static class MigrationScripts
{
    public static IEnumerable<(int Version, string Sql)> For(string backend)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = $"Curio.Storage.{backend}.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Version: int.Parse(n.AsSpan(prefix.Length, 4), CultureInfo.InvariantCulture), Sql: Read(assembly, n)))
            .OrderBy(s => s.Version);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
