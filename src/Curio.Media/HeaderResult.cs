using System.Diagnostics.CodeAnalysis;

namespace Curio.Media;

public enum HeaderStatus
{
    /// <summary>The file is corrupt, truncated, hostile or not of the expected kind; <see cref="HeaderResult{T}.Reason"/> says how.</summary>
    Invalid = 0,
    Ok,

    /// <summary>
    /// The reader needs bytes it was not given: the range from <see cref="HeaderResult{T}.RangeStart"/> of
    /// <see cref="HeaderResult{T}.BytesNeeded"/> bytes. Head readers always ask from offset 0 (the head to pass next
    /// time); the PDF reader asks for ranges anywhere in the file.
    /// </summary>
    NeedMoreBytes,

    /// <summary>A file of the right kind in a variant this reader does not measure.</summary>
    Unsupported,
}

/// <summary>
/// What a header reader (NIfTI, PDF, text, audio) found: a value, a request for more bytes, or why it failed.
/// Readers never throw on the bytes they are given and never allocate more than a fixed bound.
/// </summary>
public readonly record struct HeaderResult<T>
    where T : class
{
    private HeaderResult(HeaderStatus status, T? value, long rangeStart, int bytesNeeded, string? reason)
    {
        Status = status;
        Value = value;
        RangeStart = rangeStart;
        BytesNeeded = bytesNeeded;
        Reason = reason;
    }

    public HeaderStatus Status { get; }

    /// <summary>For <see cref="HeaderStatus.Ok"/>: what was read.</summary>
    public T? Value { get; }

    /// <summary>For <see cref="HeaderStatus.NeedMoreBytes"/>: where the range to read next starts (0 for head readers).</summary>
    public long RangeStart { get; }

    /// <summary>For <see cref="HeaderStatus.NeedMoreBytes"/>: how many bytes from <see cref="RangeStart"/> to read.</summary>
    public int BytesNeeded { get; }

    public string? Reason { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsOk => Status == HeaderStatus.Ok;

    internal static HeaderResult<T> Ok(T value) => new(HeaderStatus.Ok, value, 0, 0, null);

    /// <summary>Asks for the first <paramref name="bytes"/> bytes of the file.</summary>
    internal static HeaderResult<T> NeedHead(int bytes) => new(HeaderStatus.NeedMoreBytes, null, 0, bytes, null);

    /// <summary>A parser's bare "I need the first N bytes", settled into a request by <see cref="Common.HeadRequest"/>.</summary>
    internal static HeaderResult<T> Need(long atLeast) => NeedHead((int)Math.Clamp(atLeast, 0, int.MaxValue));

    internal static HeaderResult<T> NeedRange(long start, int length) => new(HeaderStatus.NeedMoreBytes, null, start, length, null);

    internal static HeaderResult<T> Invalid(string reason) => new(HeaderStatus.Invalid, null, 0, 0, reason);

    internal static HeaderResult<T> Unsupported(string reason) => new(HeaderStatus.Unsupported, null, 0, 0, reason);
}
