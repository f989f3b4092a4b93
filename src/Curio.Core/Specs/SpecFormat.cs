namespace Curio.Core.Specs;

public enum SpecFormat
{
    /// <summary>Decide from the file name, then from the first non-blank character.</summary>
    Auto = 0,
    Json = 1,
    Csv = 2,
}

/// <summary>Which spelling a JSON file used; informational, the reader accepts both and any mix.</summary>
public enum SpecDialect
{
    Unknown = 0,

    /// <summary>What users write: snake_case top-level keys, objectUrl_N frames.</summary>
    UserFile = 1,

    /// <summary>What the Encord SDK serialises: camelCase everywhere, arrays for frames.</summary>
    Typed = 2,

    Csv = 3,
}
