using Curio.Core.Specs;
using Curio.Core.Specs.Generation;

namespace Curio.Core.Tests.Specs.Generation;

/// <summary>Runs <see cref="UploadFileGenerator"/> into memory and reads every file back with Curio's own reader.</summary>
internal static class GenerationHarness
{
    public sealed record Run(List<byte[]> Files, List<GeneratedFile> Infos, GenerationCounts Counts, List<string> Warnings, SpecFormat Format)
    {
        /// <summary>Every file read back with <see cref="SpecReader"/>; each must be valid.</summary>
        public List<List<SpecUnit>> Read(SpecLimits? limits = null)
        {
            var all = new List<List<SpecUnit>>();
            foreach (var file in Files)
            {
                var (result, units) = SpecTestHelpers.Read(file, Format, limits);
                Assert.True(result.IsValid, string.Join("\n", result.Errors) + "\n" + System.Text.Encoding.UTF8.GetString(file));
                Assert.Empty(result.Warnings);
                Assert.Equal(Format, result.Format);
                all.Add(units);
            }

            return all;
        }

        public List<SpecUnit> ReadAll(SpecLimits? limits = null) => [.. Read(limits).SelectMany(u => u)];
    }

    /// <summary>Generates from keys; each key's URL is <c>s3://bucket/KEY</c>, unless <paramref name="url"/> says otherwise.</summary>
    public static Run Generate(GenerationOptions options, IEnumerable<string> keys, Func<string, string>? url = null)
    {
        var target = new MemoryTarget();
        var warnings = new List<string>();
        using var generator = new UploadFileGenerator(options, target, warnings.Add);
        foreach (var key in keys)
        {
            generator.Add(key, url?.Invoke(key) ?? "s3://bucket/" + key);
        }

        generator.Complete();
        Assert.Equal(target.Files.Count, generator.Files.Count);
        return new Run(target.Files, [.. generator.Files], generator.Counts, warnings, options.Format);
    }

    public sealed class MemoryTarget : IUploadFileTarget
    {
        /// <summary>The file being written, if any (a list, so the target owns no disposable field).</summary>
        private readonly List<MemoryStream> _open = [];

        public List<byte[]> Files { get; } = [];

        public List<MemoryStream> Spools { get; } = [];

        public Stream OpenFile(int number)
        {
            Assert.Empty(_open);
            Assert.Equal(Files.Count + 1, number);
            _open.Add(new MemoryStream());
            return _open[0];
        }

        public void CloseFile(GeneratedFile file)
        {
            var open = Assert.Single(_open);
            Assert.Equal(Files.Count + 1, file.Number);
            Files.Add(open.ToArray());
            _open.Clear();
        }

        public Stream OpenSpool(string name)
        {
            var spool = new MemoryStream();
            Spools.Add(spool);
            return spool;
        }
    }
}
