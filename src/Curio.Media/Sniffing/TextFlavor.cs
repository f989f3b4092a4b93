using System.Buffers;

namespace Curio.Media.Sniffing;

/// <summary>Tells JSON, HTML, XML and SVG apart from the first characters of a text.</summary>
internal static class TextFlavor
{
    private static readonly SearchValues<char> NameEnd = SearchValues.Create(" \t\r\n/>");

    public enum Kind
    {
        Plain,
        JsonCandidate,
        Html,
        Xml,
        Svg,
    }

    public static Kind Classify(string text)
    {
        var start = text.AsSpan().TrimStart();
        if (start.IsEmpty)
        {
            return Kind.Plain;
        }

        if (start[0] is '{' or '[')
        {
            return Kind.JsonCandidate;
        }

        if (start[0] != '<')
        {
            return Kind.Plain;
        }

        var xmlDeclaration = start.StartsWith("<?xml", StringComparison.Ordinal);
        var htmlDoctype = false;

        // Walk the prolog (declarations, comments, doctype) to the root element, whose name decides.
        var rest = start;
        for (var step = 0; step < 64; step++)
        {
            rest = rest.TrimStart();
            if (rest.StartsWith("<?", StringComparison.Ordinal))
            {
                rest = After(rest, "?>");
            }
            else if (rest.StartsWith("<!--", StringComparison.Ordinal))
            {
                rest = After(rest, "-->");
            }
            else if (rest.StartsWith("<!", StringComparison.Ordinal))
            {
                htmlDoctype |= rest.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase);
                var subset = rest.IndexOf('[');
                var close = rest.IndexOf('>');
                rest = subset >= 0 && subset < close ? After(rest, "]>") : After(rest, ">");
            }
            else if (rest.StartsWith('<'))
            {
                var name = rest[1..];
                var end = name.IndexOfAny(NameEnd);
                name = end >= 0 ? name[..end] : name;
                var local = name[(name.IndexOf(':') + 1)..];
                if (local.SequenceEqual("svg"))
                {
                    return Kind.Svg;
                }

                if (name.Equals("html", StringComparison.OrdinalIgnoreCase))
                {
                    return Kind.Html;
                }

                break;
            }
            else
            {
                break;
            }
        }

        return htmlDoctype ? Kind.Html : xmlDeclaration ? Kind.Xml : Kind.Plain;
    }

    private static ReadOnlySpan<char> After(ReadOnlySpan<char> text, string marker)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? [] : text[(at + marker.Length)..];
    }
}
