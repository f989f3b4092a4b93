using System.Globalization;

namespace Curio.Media.Dicom;

/// <summary>
/// One data element as read: string values (split at backslashes, padding removed, an empty component as null),
/// binary numbers (US, SS, UL, SL, FL, FD) or sequence items, depending on its value representation.
/// </summary>
public sealed class DicomElement
{
    internal DicomElement(uint tag, string vr, IReadOnlyList<string?> strings, IReadOnlyList<double> numbers, IReadOnlyList<DicomDataset> items)
    {
        Tag = tag;
        Vr = vr;
        Strings = strings;
        Numbers = numbers;
        Items = items;
    }

    public uint Tag { get; }

    /// <summary>The value representation: the file's own in explicit-VR files (UN replaced by the dictionary's), the dictionary's in implicit-VR files.</summary>
    public string Vr { get; }

    public string Keyword => DicomTags.Keyword(Tag);

    public IReadOnlyList<string?> Strings { get; }

    public IReadOnlyList<double> Numbers { get; }

    /// <summary>For SQ: the items read (see <see cref="DicomHeaderReader"/> for the limits).</summary>
    public IReadOnlyList<DicomDataset> Items { get; }

    public bool IsSequence => Vr == "SQ";

    /// <summary>True when the element is present with a zero-length value.</summary>
    public bool IsEmpty => Strings.Count == 0 && Numbers.Count == 0 && Items.Count == 0;

    /// <summary>Value multiplicity: how many values (or items) the element holds.</summary>
    public int Count => Strings.Count + Numbers.Count + Items.Count;

    /// <summary>The values as numbers: DS and IS strings parsed, binary numbers as they are; null if any value is missing or not a number.</summary>
    public IReadOnlyList<double>? AsNumbers()
    {
        if (Numbers.Count > 0)
        {
            return Numbers;
        }

        if (Strings.Count == 0)
        {
            return null;
        }

        var values = new double[Strings.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (!TryParseNumber(Strings[i], out values[i]))
            {
                return null;
            }
        }

        return values;
    }

    /// <summary>The first value as an integer (IS strings or binary integers); null when absent, empty or not whole.</summary>
    public long? AsInteger()
    {
        double value;
        if (Numbers.Count > 0)
        {
            value = Numbers[0];
        }
        else if (Strings.Count == 0 || !TryParseNumber(Strings[0], out value))
        {
            return null;
        }

        return value == Math.Floor(value) && Math.Abs(value) < 9e15 ? (long)value : null;
    }

    public override string ToString() => $"{DicomTags.Format(Tag)} {Keyword} {Vr} {DicomValueText.Format(this)}";

    internal static bool TryParseNumber(string? text, out double value)
    {
        value = 0;
        return text is not null
            && double.TryParse(text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }
}

/// <summary>The elements read at one level: the dataset itself, or one sequence item.</summary>
public sealed class DicomDataset
{
    internal DicomDataset(IReadOnlyList<DicomElement> elements) => Elements = elements;

    /// <summary>In the order read, which is ascending tag order in a well-formed file.</summary>
    public IReadOnlyList<DicomElement> Elements { get; }

    public DicomElement? Find(uint tag)
    {
        foreach (var element in Elements)
        {
            if (element.Tag == tag)
            {
                return element;
            }
        }

        return null;
    }

    public bool Contains(uint tag) => Find(tag) is not null;

    /// <summary>The first non-empty string value, or null.</summary>
    public string? GetString(uint tag) => Find(tag)?.Strings.FirstOrDefault(value => value is not null);

    public long? GetInteger(uint tag) => Find(tag)?.AsInteger();

    public IReadOnlyList<double>? GetNumbers(uint tag) => Find(tag)?.AsNumbers();

    /// <summary>The first item of a sequence, or null.</summary>
    public DicomDataset? FirstItem(uint sequenceTag) => Find(sequenceTag)?.Items is [var first, ..] ? first : null;
}

/// <summary>
/// Values written the way Python prints pydicom's values in a list, as Encord's messages show them: ['1.2.3'], [512],
/// [1, 0, 0] (DS and IS as written, other strings quoted).
/// </summary>
internal static class DicomValueText
{
    public static string Format(DicomElement? element)
    {
        if (element is null)
        {
            return "[]";
        }

        if (element.IsSequence)
        {
            return $"[{element.Items.Count} item(s)]";
        }

        var parts = element.Numbers.Count > 0
            ? element.Numbers.Select(Number)
            : element.Strings.Select(value => value is null ? "None" : element.Vr is "DS" or "IS" ? value : Quote(value));
        return "[" + string.Join(", ", parts) + "]";
    }

    public static string Format(IReadOnlyList<double> values) => "[" + string.Join(", ", values.Select(Number)) + "]";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string value) =>
        value.Contains('\'', StringComparison.Ordinal) ? "\"" + value + "\"" : "'" + value + "'";
}
