namespace Curio.Ui.Tests;

/// <summary>Where tests write screenshots: docs/images with CURIO_UPDATE_SCREENSHOTS=1 (commit them), otherwise the test output.</summary>
internal static class Screenshots
{
    public static string Path(string name) =>
        Environment.GetEnvironmentVariable("CURIO_UPDATE_SCREENSHOTS") == "1"
            ? System.IO.Path.Combine(Repo.Root, "docs", "images", name)
            : System.IO.Path.Combine(AppContext.BaseDirectory, "screenshots", name);
}
