using System.Collections.Concurrent;
using System.Text.Json;

namespace Curio.Core.Specs;

/// <summary>
/// Key spelling rules shared by the JSON reader. Encord's own files mix snake_case and camelCase (and the SDK
/// accepts both), so keys are compared after lower-casing and dropping underscores: <c>object_url</c>,
/// <c>objectUrl</c> and <c>ObjectURL</c> are one key, and <c>objectUrl_3</c> becomes <c>objecturl3</c>.
/// </summary>
internal static class SpecKeys
{
    public const string Videos = "videos";
    public const string Images = "images";
    public const string Audio = "audio";
    public const string Text = "text";
    public const string Pdf = "pdf";
    public const string Nifti = "nifti";
    public const string ImageGroups = "imagegroups";
    public const string DicomSeries = "dicomseries";
    public const string ImageGroupsFromItems = "imagegroupsfromitems";
    public const string SkipDuplicateUrls = "skipduplicateurls";
    public const string UpsertMetadata = "upsertmetadata";

    public const string ObjectUrl = "objecturl";
    public const string Url = "url";
    public const string Title = "title";
    public const string ClientMetadata = "clientmetadata";
    public const string CreateVideo = "createvideo";
    public const string ExternalFileType = "externalfiletype";
    public const string PlaceholderItemUuid = "placeholderitemuuid";
    public const string ClusterByResolution = "clusterbyresolution";
    public const string DicomFiles = "dicomfiles";
    public const string ImageItems = "imageitems";
    public const string VideoUrlPrefix = "videourlprefix";

    public const string VideoMetadata = "videometadata";
    public const string ImageMetadata = "imagemetadata";
    public const string AudioMetadata = "audiometadata";
    public const string TextMetadata = "textmetadata";
    public const string PdfMetadata = "pdfmetadata";
    public const string DicomMetadata = "dicommetadata";

    public static readonly string[] TopLevel =
    [
        Videos, Images, Audio, Text, Pdf, Nifti, ImageGroups, DicomSeries, ImageGroupsFromItems,
        SkipDuplicateUrls, UpsertMetadata,
    ];

    /// <summary>The spelling used in messages for a normalised top-level key.</summary>
    public static string Display(string normalized) => normalized switch
    {
        ImageGroups => "image_groups",
        DicomSeries => "dicom_series",
        ImageGroupsFromItems => "imageGroupsFromItems",
        SkipDuplicateUrls => "skip_duplicate_urls",
        UpsertMetadata => "upsert_metadata",
        _ => normalized,
    };

    public static readonly string[] MetadataBlocks =
        [VideoMetadata, ImageMetadata, AudioMetadata, TextMetadata, PdfMetadata, DicomMetadata];

    public static string MetadataBlockDisplay(string normalized) => normalized switch
    {
        VideoMetadata => "videoMetadata",
        ImageMetadata => "imageMetadata",
        AudioMetadata => "audioMetadata",
        TextMetadata => "textMetadata",
        PdfMetadata => "pdfMetadata",
        DicomMetadata => "dicomMetadata",
        _ => normalized,
    };

    private const int MaxCachedNames = 4096;
    private static readonly ConcurrentDictionary<string, string> NormalizedNames = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NamesBySpan =
        NormalizedNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The property name at the reader and its normalised key. Names seen before (a file repeats the same few on
    /// every entry) come from a cache, so reading them allocates nothing; the cache is bounded against hostile files.
    /// </summary>
    public static (string Name, string Key) ReadName(ref Utf8JsonReader reader)
    {
        var bytes = reader.HasValueSequence ? -1 : reader.ValueSpan.Length;
        if (bytes is < 0 or > 256)
        {
            var whole = reader.GetString()!;
            return (whole, Normalize(whole));
        }

        // UTF-8 never takes fewer bytes than UTF-16 takes chars, so this always fits.
        Span<char> buffer = stackalloc char[256];
        var span = buffer[..reader.CopyString(buffer)];
        if (NamesBySpan.TryGetValue(span, out var name, out var key))
        {
            return (name, key);
        }

        name = new string(span);
        key = Normalize(name);
        if (NormalizedNames.Count < MaxCachedNames)
        {
            NormalizedNames.TryAdd(name, key);
        }

        return (name, key);
    }

    public static string Normalize(string key)
    {
        Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
        var length = 0;
        foreach (var c in key)
        {
            if (c != '_')
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }

    /// <summary>
    /// Keys that name the same field under another spelling: a file's <c>url</c> is its <c>objectUrl</c>, and
    /// <c>duration_seconds</c> (in one of Encord's field lists) is <c>duration</c>. Used to decide which of two
    /// duplicates is the last.
    /// </summary>
    public static string Alias(string normalized) => normalized switch
    {
        Url => ObjectUrl,
        "durationseconds" => "duration",
        _ => normalized,
    };

    /// <summary>For <c>objecturl12</c> returns 12; -1 when the key is not a numbered frame key.</summary>
    public static int FrameNumber(string normalized)
    {
        if (normalized.Length <= ObjectUrl.Length || !normalized.StartsWith(ObjectUrl, StringComparison.Ordinal))
        {
            return -1;
        }

        var digits = normalized.AsSpan(ObjectUrl.Length);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return -1;
            }
        }

        return int.TryParse(digits, out var number) ? number : -1;
    }

    /// <summary>The closest of <paramref name="candidates"/> to a misspelt key, if it is close enough to suggest.</summary>
    public static string? Suggest(string normalized, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(normalized, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= Math.Max(2, normalized.Length / 3) ? best : null;
    }

    /// <summary>
    /// The closest of <paramref name="displayNames"/> (spelt as users should write them) to a misspelt, normalised key.
    /// A misspelt numbered frame key such as <c>objetUrl_3</c> is matched as <c>objectUrl_3</c>.
    /// </summary>
    public static string? SuggestDisplay(string normalized, IEnumerable<string> displayNames)
    {
        var digits = normalized.Length - normalized.AsSpan().TrimEnd("0123456789").Length;
        if (digits > 0 && digits < normalized.Length && Distance(normalized[..^digits], ObjectUrl) is > 0 and <= 2)
        {
            return "objectUrl_" + normalized[^digits..];
        }

        var names = displayNames.ToDictionary(Normalize, n => n, StringComparer.Ordinal);
        return Suggest(normalized, names.Keys) is { } best ? names[best] : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
