namespace Curio.Core.Specs;

/// <summary>Stable codes of upload-specification problems. They are part of the API: never rename one.</summary>
public static class SpecErrorCodes
{
    public const string JsonSyntax = "spec.json_syntax";
    public const string NotAnObject = "spec.not_an_object";
    public const string UnknownFormat = "spec.unknown_format";
    public const string Empty = "spec.empty";
    public const string InvalidType = "spec.invalid_type";
    public const string MissingField = "spec.missing_field";
    public const string InvalidValue = "spec.invalid_value";
    public const string UnknownKey = "spec.unknown_key";
    public const string UnsupportedField = "spec.unsupported_field";
    public const string UrlEmpty = "spec.url_empty";
    public const string UrlWhitespace = "spec.url_whitespace";
    public const string UrlTooLong = "spec.url_too_long";
    public const string TitleTooLong = "spec.title_too_long";
    public const string MetadataTooLarge = "spec.metadata_too_large";
    public const string TooManyUrls = "spec.too_many_urls";
    public const string TooManyItems = "spec.too_many_items";
    public const string UpsertWithoutSkip = "spec.upsert_without_skip";
    public const string GroupEmpty = "spec.group_empty";
    public const string GroupMixedForms = "spec.group_mixed_forms";
    public const string FileTypeMismatch = "spec.external_file_type_mismatch";
    public const string DicomTagsMissing = "spec.dicom_tags_missing";
    public const string TooManyErrors = "spec.too_many_errors";

    public const string CsvTooManyRows = "spec.csv_too_many_rows";
    public const string CsvNoHeader = "spec.csv_no_header";
    public const string CsvUnknownColumn = "spec.csv_unknown_column";
    public const string CsvDuplicateColumn = "spec.csv_duplicate_column";
    public const string CsvBlankRow = "spec.csv_blank_row";
    public const string CsvTooManyCells = "spec.csv_too_many_cells";
    public const string CsvUnterminatedQuote = "spec.csv_unterminated_quote";
    public const string CsvGroupConflict = "spec.csv_group_conflict";
    public const string CsvEncoding = "spec.csv_encoding";

    /// <summary>Every code, for structural tests and documentation.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        JsonSyntax, NotAnObject, UnknownFormat, Empty, InvalidType, MissingField, InvalidValue, UnknownKey,
        UnsupportedField, UrlEmpty, UrlWhitespace, UrlTooLong, TitleTooLong, MetadataTooLarge, TooManyUrls,
        TooManyItems, UpsertWithoutSkip, GroupEmpty, GroupMixedForms, FileTypeMismatch, DicomTagsMissing,
        TooManyErrors, CsvTooManyRows, CsvNoHeader, CsvUnknownColumn, CsvDuplicateColumn, CsvBlankRow,
        CsvTooManyCells, CsvUnterminatedQuote, CsvGroupConflict, CsvEncoding,
    ];
}
