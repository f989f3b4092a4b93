namespace Curio.Sdk;

/// <summary>The format of an upload file. When none is given, the server decides from the file name, then from the content.</summary>
public enum SpecFileFormat
{
    /// <summary>Encord's JSON upload file, in either dialect.</summary>
    Json,

    /// <summary>Encord's CSV upload file.</summary>
    Csv,
}
