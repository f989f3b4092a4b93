using System.Globalization;
using System.Text;

namespace Curio.Sdk.Internal;

/// <summary>Builds a relative request URI: a path, then query parameters with their values escaped; absent values are left out.</summary>
internal sealed class RequestPath
{
    private readonly StringBuilder _builder;
    private bool _hasQuery;

    public RequestPath(string path) => _builder = new StringBuilder(path);

    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string Segment(Guid value) => value.ToString("D");

    public RequestPath Query(string name, string? value)
    {
        if (value is not null)
        {
            _builder.Append(_hasQuery ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            _hasQuery = true;
        }

        return this;
    }

    public RequestPath Query(string name, int? value) => Query(name, value?.ToString(CultureInfo.InvariantCulture));

    public RequestPath Query(string name, Guid? value) => Query(name, value?.ToString("D"));

    public RequestPath Query(string name, bool value) => Query(name, value ? "true" : "false");

    public override string ToString() => _builder.ToString();
}
