namespace Curio.Ui.Tests;

/// <summary>With CURIO_UPDATE_SCREENSHOTS=1 the screenshots go to docs/images (commit them); otherwise to the test output.</summary>
public static class Screenshots
{
    public static string Path(string name) =>
        Environment.GetEnvironmentVariable("CURIO_UPDATE_SCREENSHOTS") == "1"
            ? System.IO.Path.Combine(Repo.Root, "docs", "images", name)
            : System.IO.Path.Combine(AppContext.BaseDirectory, "screenshots", name);
}
