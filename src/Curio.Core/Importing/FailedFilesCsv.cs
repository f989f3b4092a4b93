using System.Text;

namespace Curio.Core.Importing;

/// <summary>
/// The failed-files log of an import: one row per failed URL (a failed group gives one row per frame).
/// Cells a spreadsheet would run as a formula are neutralised with a leading apostrophe.
/// </summary>
public static class FailedFilesCsv
{
    public static readonly string[] Columns = ["object_url", "title", "item_type", "error", "action", "subtask_uuid"];

    public static void WriteHeader(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(',', Columns));
        writer.Write("\r\n");
    }

    public static void WriteRow(TextWriter writer, string objectUrl, string? title, string itemType, string error, string action, Guid subtaskUuid)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteCell(writer, objectUrl);
        writer.Write(',');
        WriteCell(writer, title ?? "");
        writer.Write(',');
        WriteCell(writer, itemType);
        writer.Write(',');
        WriteCell(writer, error);
        writer.Write(',');
        WriteCell(writer, action);
        writer.Write(',');
        WriteCell(writer, subtaskUuid.ToString());
        writer.Write("\r\n");
    }

    /// <summary>The cell as it will be written: neutralised, then quoted when needed.</summary>
    public static string Cell(string value)
    {
        var builder = new StringWriter();
        WriteCell(builder, value);
        return builder.ToString();
    }

    private static void WriteCell(TextWriter writer, string value)
    {
        // OWASP's CSV-injection list: =, +, -, @, and tab or carriage return at the start.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny("\",\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        var quoted = new StringBuilder(value.Length + 8).Append('"');
        foreach (var c in value)
        {
            quoted.Append(c == '"' ? "\"\"" : c.ToString());
        }

        writer.Write(quoted.Append('"').ToString());
    }
}
