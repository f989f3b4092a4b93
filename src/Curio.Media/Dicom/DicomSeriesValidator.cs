using System.Globalization;

namespace Curio.Media.Dicom;

/// <summary>One thing wrong with a DICOM series: the file it is about (null for the series as a whole), the tag, and a message in Encord's wording.</summary>
public sealed record DicomProblem(string? Title, uint Tag, string Message)
{
    public string Keyword => DicomTags.Keyword(Tag);

    public override string ToString() => Message;
}

public enum DicomOrderRule
{
    /// <summary>By ImagePositionPatient projected on the slice normal (ascending), ties by InstanceNumber, then given order.</summary>
    Position,

    /// <summary>By InstanceNumber (ascending), ties in given order.</summary>
    InstanceNumber,

    /// <summary>As given.</summary>
    Given,
}

/// <summary>A series' files in display order, and the rule that ordered them.</summary>
public sealed record DicomSeriesOrder(IReadOnlyList<(string Title, DicomHeader Header)> Files, DicomOrderRule Rule);

/// <summary>
/// The checks Encord applies to the files of one DICOM series, and the order of its slices.
/// </summary>
/// <remarks>
/// <para>Every file needs SOPClassUID, SOPInstanceUID, StudyInstanceUID, SeriesInstanceUID, Modality, Rows, Columns
/// and PhotometricInterpretation; its UIDs (those four and FrameOfReferenceUID when present) must be 1 to 64
/// characters of digits and dots; Rows, Columns and NumberOfFrames (when present) must be positive integers, and
/// with uncompressed pixel data the PixelData must hold NumberOfFrames frames.</para>
/// <para>Cross-sectional images (Modality CT, MR or PT, see <see cref="CrossSectionalModalities"/>) also need
/// ImagePositionPatient (3 numbers), ImageOrientationPatient (6), PixelSpacing (2) and SliceThickness (present, may
/// be empty, as its DICOM type 2 allows), at the top level or in the functional groups of an enhanced multi-frame
/// file. Projection images (CR, DX, MG, XA, RF, US, SC, OT and every other modality) are not required to carry them:
/// a single-frame X-ray has no slice position, and a series of them is ordered by InstanceNumber.</para>
/// <para>Across the series: StudyInstanceUID, SeriesInstanceUID, Modality, Rows and Columns must be equal, and
/// ImageOrientationPatient (among the files that have it) equal within 0.001 per direction cosine; SOPInstanceUID
/// must be unique. The value most files share is taken as the series' value, ties going to the earliest file,
/// and each file that differs gets a problem naming it.</para>
/// <para>Not checked (Encord's demo lists them, with tolerances it does not publish): the regularity of slice
/// spacing, and window centre/width consistency, which varies per slice in many real MR series.</para>
/// </remarks>
public static class DicomSeriesValidator
{
    /// <summary>Tolerance for comparing direction cosines.</summary>
    public const double OrientationTolerance = 1e-3;

    public static IReadOnlySet<string> CrossSectionalModalities { get; } = new HashSet<string>(StringComparer.Ordinal) { "CT", "MR", "PT" };

    private static readonly uint[] Required =
    [
        DicomTags.SopClassUid, DicomTags.SopInstanceUid, DicomTags.StudyInstanceUid, DicomTags.SeriesInstanceUid,
        DicomTags.Modality, DicomTags.Rows, DicomTags.Columns, DicomTags.PhotometricInterpretation,
    ];

    private static readonly uint[] Uids =
    [
        DicomTags.SopClassUid, DicomTags.SopInstanceUid, DicomTags.StudyInstanceUid, DicomTags.SeriesInstanceUid,
        DicomTags.FrameOfReferenceUid,
    ];

    private static readonly (uint Tag, int Count)[] Spatial =
    [
        (DicomTags.ImagePositionPatient, 3), (DicomTags.ImageOrientationPatient, 6), (DicomTags.PixelSpacing, 2),
        (DicomTags.SliceThickness, 1),
    ];

    private static readonly uint[] Consistent =
    [
        DicomTags.StudyInstanceUid, DicomTags.SeriesInstanceUid, DicomTags.Modality, DicomTags.Rows, DicomTags.Columns,
    ];

    /// <returns>The problems, per file in the order given and then across the series; empty when the series is fine.</returns>
    public static IReadOnlyList<DicomProblem> Validate(IReadOnlyList<(string Title, DicomHeader Header)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            return [new DicomProblem(null, 0, "A DICOM series needs at least one file.")];
        }

        var problems = new List<DicomProblem>();
        foreach (var (title, header) in files)
        {
            CheckFile(title, header, problems);
        }

        foreach (var tag in Consistent)
        {
            CheckConsistent(files, tag, (a, b) => string.Equals(Key(a), Key(b), StringComparison.Ordinal), problems);
        }

        CheckConsistent(files, DicomTags.ImageOrientationPatient, SameOrientation, problems);
        CheckUnique(files, DicomTags.SopInstanceUid, problems);
        return problems;
    }

    /// <summary>
    /// Orders a series' files for display. When every file has ImagePositionPatient and ImageOrientationPatient,
    /// the orientations agree and the positions are not all equal, by the position's distance along the slice normal
    /// (row cosines × column cosines), ascending, ties by InstanceNumber and then the given order; else, when every
    /// file has InstanceNumber, by InstanceNumber; else as given. The sort is stable.
    /// </summary>
    public static DicomSeriesOrder Order(IReadOnlyList<(string Title, DicomHeader Header)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var indexed = files.Select((file, index) => (File: file, Index: index)).ToList();
        var orientations = files.Select(f => f.Header.ImageOrientationPatient).ToList();
        var positions = files.Select(f => f.Header.ImagePositionPatient).ToList();
        if (files.Count > 1 && orientations.All(o => o is not null) && positions.All(p => p is not null)
            && orientations.All(o => SameOrientation(o!, orientations[0]!)))
        {
            var o = orientations[0]!;
            var normal = (X: (o[1] * o[5]) - (o[2] * o[4]), Y: (o[2] * o[3]) - (o[0] * o[5]), Z: (o[0] * o[4]) - (o[1] * o[3]));
            var distances = positions.Select(p => (p![0] * normal.X) + (p[1] * normal.Y) + (p[2] * normal.Z)).ToList();
            if (distances.Distinct().Count() > 1)
            {
                var byPosition = indexed
                    .OrderBy(f => distances[f.Index])
                    .ThenBy(f => f.File.Header.InstanceNumber ?? int.MaxValue)
                    .Select(f => f.File)
                    .ToList();
                return new DicomSeriesOrder(byPosition, DicomOrderRule.Position);
            }
        }

        if (files.Count > 1 && files.All(f => f.Header.InstanceNumber is not null))
        {
            return new DicomSeriesOrder([.. indexed.OrderBy(f => f.File.Header.InstanceNumber).Select(f => f.File)], DicomOrderRule.InstanceNumber);
        }

        return new DicomSeriesOrder([.. files], DicomOrderRule.Given);
    }

    private static void CheckFile(string title, DicomHeader header, List<DicomProblem> problems)
    {
        var dataset = header.Dataset;
        foreach (var tag in Required)
        {
            if (dataset.Find(tag) is not { IsEmpty: false })
            {
                problems.Add(new(title, tag, $"The DICOM tag '{DicomTags.Keyword(tag)}' is required but missing from '{title}'."));
            }
        }

        foreach (var tag in Uids)
        {
            if (dataset.Find(tag) is { IsEmpty: false } uid && (uid.Strings.Count != 1 || !DicomTransferSyntax.IsValidUid(uid.Strings[0])))
            {
                problems.Add(new(title, tag, $"The value of DICOM tag '{DicomTags.Keyword(tag)}' should be a UID of 1 to 64 digits and dots. Got {DicomValueText.Format(uid)} from '{title}'."));
            }
        }

        foreach (var tag in (ReadOnlySpan<uint>)[DicomTags.Rows, DicomTags.Columns, DicomTags.NumberOfFrames])
        {
            if (dataset.Find(tag) is { IsEmpty: false } element && element.AsInteger() is not > 0)
            {
                problems.Add(new(title, tag, $"The value of DICOM tag '{DicomTags.Keyword(tag)}' should be a positive integer. Got {DicomValueText.Format(element)} from '{title}'."));
            }
        }

        CheckPixelData(title, header, problems);
        if (header.Modality is { } modality && CrossSectionalModalities.Contains(modality))
        {
            foreach (var (tag, count) in Spatial)
            {
                var element = header.FindSpatial(tag);
                if (element is null)
                {
                    problems.Add(new(title, tag, $"The DICOM tag '{DicomTags.Keyword(tag)}' is required for {modality} images but missing from '{title}'."));
                }
                else if (!(tag == DicomTags.SliceThickness && element.IsEmpty) && element.AsNumbers()?.Count != count)
                {
                    var what = count == 1 ? "a number" : $"{count} numbers";
                    problems.Add(new(title, tag, $"The value of DICOM tag '{DicomTags.Keyword(tag)}' should be {what}. Got {DicomValueText.Format(element)} from '{title}'."));
                }
            }
        }
    }

    // With uncompressed pixel data the frame count can be checked against the bytes: NumberOfFrames frames of
    // Rows x Columns x SamplesPerPixel samples of BitsAllocated bits.
    private static void CheckPixelData(string title, DicomHeader header, List<DicomProblem> problems)
    {
        if (header.PixelDataLength is not { } length || !DicomTransferSyntax.IsNative(header.TransferSyntaxUid)
            || header.Rows is not > 0 || header.Columns is not > 0 || header.BitsAllocated is not > 0 || header.NumberOfFrames is <= 0)
        {
            return;
        }

        var bits = (long)header.Rows.Value * header.Columns.Value * (header.SamplesPerPixel ?? 1) * header.BitsAllocated.Value;
        var frameBytes = (bits + 7) / 8;
        var held = frameBytes == 0 ? 0 : length * 8 / bits;
        var frames = header.FrameCount;
        if (held >= frames)
        {
            return;
        }

        var size = string.Create(CultureInfo.InvariantCulture, $"{header.Rows} x {header.Columns} pixels of {header.BitsAllocated} bits");
        problems.Add(header.NumberOfFrames is { } declared
            ? new(title, DicomTags.NumberOfFrames, $"The value of DICOM tag 'NumberOfFrames' should match the pixel data. Got [{declared}] from '{title}', whose pixel data ({length} bytes) holds {held} frame(s) of {size}.")
            : new(title, DicomTags.PixelData, $"The value of DICOM tag 'PixelData' should hold one frame of {size} ({frameBytes} bytes). Got {length} bytes from '{title}'."));
    }

    private static void CheckConsistent(
        IReadOnlyList<(string Title, DicomHeader Header)> files, uint tag, Func<DicomElement, DicomElement, bool> same, List<DicomProblem> problems)
    {
        var values = files
            .Select(f => (f.Title, Element: tag == DicomTags.ImageOrientationPatient ? f.Header.FindSpatial(tag) : f.Header.Dataset.Find(tag)))
            .Where(v => v.Element is { IsEmpty: false } && (tag != DicomTags.ImageOrientationPatient || v.Element.AsNumbers()?.Count == 6))
            .ToList();

        // Groups of equal values, in order of first appearance; the largest (earliest on a tie) is the series' value.
        var groups = new List<List<(string Title, DicomElement? Element)>>();
        foreach (var value in values)
        {
            var group = groups.Find(g => same(g[0].Element!, value.Element!));
            if (group is null)
            {
                groups.Add([value]);
            }
            else
            {
                group.Add(value);
            }
        }

        if (groups.Count < 2)
        {
            return;
        }

        var reference = groups.MaxBy(g => g.Count)!;
        var expected = DicomValueText.Format(reference[0].Element);
        foreach (var (title, element) in values)
        {
            if (!reference.Exists(r => ReferenceEquals(r.Element, element)))
            {
                problems.Add(new(title, tag,
                    $"The value of DICOM tag '{DicomTags.Keyword(tag)}' should be consistent across files in a series. "
                    + $"Got {DicomValueText.Format(element)} from '{title}' and {expected} from other files in the series."));
            }
        }
    }

    private static void CheckUnique(IReadOnlyList<(string Title, DicomHeader Header)> files, uint tag, List<DicomProblem> problems)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (title, header) in files)
        {
            if (header.Dataset.Find(tag) is not { IsEmpty: false } element)
            {
                continue;
            }

            var key = Key(element);
            if (first.TryGetValue(key, out var earlier))
            {
                problems.Add(new(title, tag,
                    $"The value of DICOM tag '{DicomTags.Keyword(tag)}' should be unique across files in a series. "
                    + $"Got {DicomValueText.Format(element)} from '{title}' and from '{earlier}'."));
            }
            else
            {
                first[key] = title;
            }
        }
    }

    private static string Key(DicomElement element) => DicomValueText.Format(element);

    private static bool SameOrientation(DicomElement a, DicomElement b) =>
        a.AsNumbers() is { } x && b.AsNumbers() is { } y && SameOrientation(x, y);

    private static bool SameOrientation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != 6 || b.Count != 6)
        {
            return false;
        }

        for (var i = 0; i < 6; i++)
        {
            if (Math.Abs(a[i] - b[i]) > OrientationTolerance)
            {
                return false;
            }
        }

        return true;
    }
}
