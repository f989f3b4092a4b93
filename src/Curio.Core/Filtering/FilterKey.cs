namespace Curio.Core.Filtering;

/// <summary>
/// What a condition tests: a metadata key as written (<see cref="BuiltIn"/> false), or a built-in item field written
/// with a <c>$</c> prefix (<c>$width</c>; <see cref="Name"/> is then <c>width</c>). The binder resolves a plain name to
/// a schema key first and to a built-in field otherwise; <c>$</c> forces the built-in, which no schema key can shadow
/// since schema keys never start with <c>$</c>.
/// </summary>
/// <remarks>
/// Only what the syntax needs is checked here: a name is not empty, has no control characters or unpaired surrogates,
/// a plain name does not start with <c>$</c>, and a built-in name is an identifier. Whether the key exists is the
/// binder's question.
/// </remarks>
public sealed record FilterKey
{
    public FilterKey(string name, bool builtIn = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (FilterSyntax.KeyProblem(name, builtIn) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        Name = name;
        BuiltIn = builtIn;
    }

    public string Name { get; }

    /// <summary>Written with the <c>$</c> prefix (text) or as <c>"field"</c> (JSON).</summary>
    public bool BuiltIn { get; }

    /// <summary>A built-in item field, such as <c>FilterKey.Field("width")</c> for <c>$width</c>.</summary>
    public static FilterKey Field(string name) => new(name, builtIn: true);

    /// <summary>As written in the canonical text form: <c>width</c>, <c>`camera id`</c> or <c>$width</c>.</summary>
    public override string ToString() => FilterText.FormatKey(this);
}
