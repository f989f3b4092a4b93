namespace Curio.Media.Dicom;

public enum DicomHeaderStatus
{
    /// <summary>Not DICOM, corrupt or truncated; <see cref="DicomHeaderResult.Reason"/> says how.</summary>
    Invalid = 0,
    Ok,

    /// <summary>The header continues past the bytes given; call again with <see cref="DicomHeaderResult.BytesNeeded"/> bytes.</summary>
    NeedMoreBytes,

    /// <summary>A DICOM file this reader will not read: a deflate-compressed dataset.</summary>
    Unsupported,
}

/// <summary>What <see cref="DicomHeaderReader"/> found: a header, a request for more bytes, or why it failed.</summary>
public readonly record struct DicomHeaderResult
{
    private DicomHeaderResult(DicomHeaderStatus status, DicomHeader? header, int bytesNeeded, string? reason)
    {
        Status = status;
        Header = header;
        BytesNeeded = bytesNeeded;
        Reason = reason;
    }

    public DicomHeaderStatus Status { get; }

    /// <summary>Set when <see cref="Status"/> is <see cref="DicomHeaderStatus.Ok"/>.</summary>
    public DicomHeader? Header { get; }

    /// <summary>For <see cref="DicomHeaderStatus.NeedMoreBytes"/>: how many bytes from the start of the file to pass next time.</summary>
    public int BytesNeeded { get; }

    /// <summary>For Invalid and Unsupported: a sentence a user can act on.</summary>
    public string? Reason { get; }

    public bool IsOk => Status == DicomHeaderStatus.Ok;

    public static DicomHeaderResult Ok(DicomHeader header) => new(DicomHeaderStatus.Ok, header, 0, null);

    public static DicomHeaderResult NeedMoreBytes(int atLeast) => new(DicomHeaderStatus.NeedMoreBytes, null, atLeast, null);

    public static DicomHeaderResult Invalid(string reason) => new(DicomHeaderStatus.Invalid, null, 0, reason);

    public static DicomHeaderResult Unsupported(string reason) => new(DicomHeaderStatus.Unsupported, null, 0, reason);
}
