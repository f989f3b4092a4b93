using Curio.Connectors.Local;
using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests.Local;

/// <summary>The path walk used for the root, for listings, and where /proc/self/fd is unavailable.</summary>
public sealed class RealPathsTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public void Follows_links_in_any_component_with_relative_and_absolute_targets()
    {
        var real = Directory.CreateDirectory(_temp.Combine("real/inner")).FullName;
        Directory.CreateSymbolicLink(_temp.Combine("abs"), _temp.Combine("real"));
        Directory.CreateSymbolicLink(_temp.Combine("rel"), "real/inner");
        File.WriteAllText(Path.Join(real, "f.txt"), "x");
        File.CreateSymbolicLink(_temp.Combine("real/flink"), "inner/f.txt");

        Assert.Equal(Path.Join(real, "f.txt"), RealPaths.Resolve(_temp.Combine("abs/inner/f.txt")));
        Assert.Equal(Path.Join(real, "f.txt"), RealPaths.Resolve(_temp.Combine("rel/f.txt")));
        Assert.Equal(Path.Join(real, "f.txt"), RealPaths.Resolve(_temp.Combine("abs/flink")));
    }

    [Fact]
    public void Dot_dot_after_a_link_climbs_from_the_target()
    {
        Directory.CreateDirectory(_temp.Combine("a/b"));
        Directory.CreateDirectory(_temp.Combine("elsewhere"));
        Directory.CreateSymbolicLink(_temp.Combine("a/jump"), _temp.Combine("elsewhere"));

        Assert.Equal(_temp.Path, RealPaths.Resolve(_temp.Combine("a/jump/..")));
    }

    [Fact]
    public void Missing_components_are_kept()
    {
        Assert.Equal(_temp.Combine("no/such/file"), RealPaths.Resolve(_temp.Combine("no/such/file")));
    }

    [Fact]
    public void A_link_loop_fails_instead_of_spinning()
    {
        File.CreateSymbolicLink(_temp.Combine("x"), _temp.Combine("y"));
        File.CreateSymbolicLink(_temp.Combine("y"), _temp.Combine("x"));

        Assert.Throws<IOException>(() => RealPaths.Resolve(_temp.Combine("x")));
    }

    [Fact]
    public void Root_of_the_filesystem_is_itself()
    {
        Assert.Equal("/", RealPaths.Resolve("/"));
    }

    public void Dispose() => _temp.Dispose();
}
