namespace Curio.Core.Filtering;

/// <summary>
/// A filter that cannot be read, in either form. <see cref="Reason"/> says what was expected and what was found;
/// <see cref="Exception.Message"/> prefixes it with where (a column, or a JSON path).
/// </summary>
public abstract class FilterException : Exception
{
    private protected FilterException(string location, string reason)
        : base($"{location}: {reason}")
    {
        Reason = reason;
    }

    /// <summary>The message without its location, for an API that reports the location in a field of its own.</summary>
    public string Reason { get; }
}

/// <summary>
/// A problem in filter text at <see cref="Offset"/> (a UTF-16 index into the text, for highlighting it in an editor).
/// <see cref="Column"/> counts characters, so an emoji is one column; a filter on one line reports only its column
/// (<c>column 14: ...</c>), one on several lines its line too (<c>line 2, column 3: ...</c>).
/// </summary>
public sealed class FilterSyntaxException : FilterException
{
    internal FilterSyntaxException(int offset, int line, int column, string reason)
        : base(line == 1 ? $"column {column}" : $"line {line}, column {column}", reason)
    {
        Offset = offset;
        Line = line;
        Column = column;
    }

    /// <summary>0-based UTF-16 index of the problem in the text.</summary>
    public int Offset { get; }

    /// <summary>1-based; lines end at '\n'.</summary>
    public int Line { get; }

    /// <summary>1-based, in characters (Unicode scalar values) from the start of the line.</summary>
    public int Column { get; }
}

/// <summary>A problem in a JSON filter at <see cref="Path"/> (<c>$.and[1].op</c>).</summary>
public sealed class FilterJsonException : FilterException
{
    internal FilterJsonException(string path, string reason)
        : base(path, reason)
    {
        Path = path;
    }

    public string Path { get; }
}
