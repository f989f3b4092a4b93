namespace Curio.Media.Pdf;

/// <summary>The few PDF object kinds the page counter looks at; strings, booleans and keywords are kept only as placeholders.</summary>
internal abstract class PdfObject;

internal sealed class PdfInteger(long value) : PdfObject
{
    public long Value { get; } = value;
}

internal sealed class PdfReal(double value) : PdfObject
{
    public double Value { get; } = value;
}

internal sealed class PdfName(string value) : PdfObject
{
    public string Value { get; } = value;
}

internal sealed class PdfRef(int number, int generation) : PdfObject
{
    public int Number { get; } = number;

    public int Generation { get; } = generation;
}

internal sealed class PdfArray(List<PdfObject> items) : PdfObject
{
    public List<PdfObject> Items { get; } = items;
}

internal sealed class PdfDict(Dictionary<string, PdfObject> entries) : PdfObject
{
    public Dictionary<string, PdfObject> Entries { get; } = entries;

    /// <summary>For a stream object: where its data starts in the file (or in the decoded object stream), else -1.</summary>
    public long StreamStart { get; set; } = -1;

    public PdfObject? this[string key] => Entries.GetValueOrDefault(key);

    public bool Is(string key, string name) => this[key] is PdfName n && n.Value == name;
}

/// <summary>Strings, booleans and null: present, but nothing the reader needs.</summary>
internal sealed class PdfOther : PdfObject
{
    public static readonly PdfOther Instance = new();
}

/// <summary>The reader needs bytes it was not given; it unwinds to the top, which asks the caller for them.</summary>
internal sealed class PdfNeedBytesException(long start, long length) : Exception("more bytes are needed")
{
    public long Start { get; } = start;

    public long Length { get; } = length;
}

/// <summary>The file's structure is broken where the reader looked.</summary>
internal sealed class PdfBrokenException(string reason) : Exception(reason);

/// <summary>The structure is sound but the page count cannot be had within the reader's limits.</summary>
internal sealed class PdfUnknownException(string reason) : Exception(reason);
