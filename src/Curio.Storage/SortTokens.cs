using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Curio.Storage;

/// <summary>
/// Page tokens of a sorted listing: the last row's sort value and id, typed (<c>i:</c> integer, <c>d:</c> real,
/// <c>s:</c> text, <c>b:</c> bytes) so the next page compares like with like.
/// </summary>
public static class SortTokens
{
    public static string Encode(object value, long id)
    {
        var typed = value switch
        {
            long l => "i:" + l.ToString(CultureInfo.InvariantCulture),
            double d => "d:" + d.ToString("R", CultureInfo.InvariantCulture),
            string s => "s:" + s,
            byte[] b => "b:" + Convert.ToBase64String(b),
            _ => throw new ArgumentException($"A sort value of type {value.GetType().Name} has no token form.", nameof(value)),
        };
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id.ToString(CultureInfo.InvariantCulture) + "|" + typed));
    }

    /// <summary>Null for the first page.</summary>
    /// <exception cref="InvalidPageTokenException">Not a token of a sorted listing.</exception>
    public static (object Value, long Id)? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || text.Length < bar + 3 || text[bar + 2] != ':' || !long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidPageTokenException();
            }

            var raw = text[(bar + 3)..];
            object value = text[bar + 1] switch
            {
                'i' => long.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                'd' => double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture),
                's' => raw,
                'b' => Convert.FromBase64String(raw),
                _ => throw new InvalidPageTokenException(),
            };
            return (value, id);
        }
        catch (FormatException)
        {
            throw new InvalidPageTokenException();
        }
    }
}
