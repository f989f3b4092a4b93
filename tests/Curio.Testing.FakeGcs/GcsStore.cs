using System.Collections.Concurrent;
using System.Text;

namespace Curio.Testing.FakeGcs;

/// <summary>One stored object version. Immutable: a new upload replaces the record, so readers never see a half-written object.</summary>
internal sealed record StoredObject(string Bucket, string Name, byte[] Data, string ContentType, DateTimeOffset Updated, long Generation);

/// <summary>One entry of a listing page: an object, or (with a delimiter) a common prefix standing for many.</summary>
internal readonly record struct ListingEntry(StoredObject? Object, string? Prefix)
{
    public string Key => Object?.Name ?? Prefix!;
}

/// <summary>Buckets and their objects, in memory, safe for concurrent requests.</summary>
internal sealed class GcsStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, StoredObject>> _buckets = new(StringComparer.Ordinal);
    private long _generation = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

    public DateTimeOffset Now => time.GetUtcNow();

    public bool BucketExists(string bucket) => _buckets.ContainsKey(bucket);

    /// <summary>False when the bucket already exists.</summary>
    public bool CreateBucket(string bucket) => _buckets.TryAdd(bucket, new ConcurrentDictionary<string, StoredObject>(StringComparer.Ordinal));

    /// <summary>Null when the bucket is missing, false when it still holds objects.</summary>
    public bool? DeleteBucket(string bucket)
    {
        if (!_buckets.TryGetValue(bucket, out var objects))
        {
            return null;
        }

        return !objects.IsEmpty ? false : _buckets.TryRemove(bucket, out _);
    }

    /// <summary>Null when the bucket does not exist.</summary>
    public StoredObject? Put(string bucket, string name, byte[] data, string contentType)
    {
        if (!_buckets.TryGetValue(bucket, out var objects))
        {
            return null;
        }

        var stored = new StoredObject(bucket, name, data, contentType, Now, Interlocked.Increment(ref _generation));
        objects[name] = stored;
        return stored;
    }

    public StoredObject? Get(string bucket, string name) =>
        _buckets.TryGetValue(bucket, out var objects) && objects.TryGetValue(name, out var stored) ? stored : null;

    public bool Delete(string bucket, string name) =>
        _buckets.TryGetValue(bucket, out var objects) && objects.TryRemove(name, out _);

    /// <summary>
    /// One page of a listing, as GCS pages it: names in byte order (UTF-8 ordinal equals UTF-16 ordinal for the
    /// names tests use), each common prefix counting as one entry, and a continuation token that names the last
    /// entry returned so that objects added meanwhile do not shift the next page.
    /// </summary>
    public (List<ListingEntry> Entries, string? NextPageToken)? List(string bucket, string prefix, string? delimiter, string? pageToken, int maxResults)
    {
        if (!_buckets.TryGetValue(bucket, out var objects))
        {
            return null;
        }

        var after = DecodeToken(pageToken);
        var entries = new List<ListingEntry>();
        string? lastPrefix = null;
        foreach (var name in objects.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (after is { } resume && (string.CompareOrdinal(name, resume.Key) <= 0 || (resume.IsPrefix && name.StartsWith(resume.Key, StringComparison.Ordinal))))
            {
                continue;
            }

            var cut = string.IsNullOrEmpty(delimiter) ? -1 : name.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            if (cut >= 0)
            {
                var common = name[..(cut + delimiter!.Length)];
                if (common == lastPrefix)
                {
                    continue;
                }

                lastPrefix = common;
                entries.Add(new ListingEntry(null, common));
            }
            else if (objects.TryGetValue(name, out var stored))
            {
                entries.Add(new ListingEntry(stored, null));
            }

            // One entry beyond the page tells whether there is a next page.
            if (entries.Count > maxResults)
            {
                entries.RemoveAt(maxResults);
                var last = entries[^1];
                return (entries, EncodeToken(last.Key, last.Prefix is not null));
            }
        }

        return (entries, null);
    }

    private static string EncodeToken(string key, bool isPrefix) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes((isPrefix ? "p:" : "o:") + key));

    private static (string Key, bool IsPrefix)? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        return (text[2..], text.StartsWith("p:", StringComparison.Ordinal));
    }
}
