using Curio.Server.Features.Jobs;

namespace Curio.Server.Components.Endpoints;

/// <summary>What the job pages let the browser fetch outside the circuit: the failed-files CSV, with the sign-in cookie.</summary>
internal static class JobUiEndpoints
{
    public static RouteGroupBuilder MapJobUi(this RouteGroupBuilder ui)
    {
        // The API's own handler: the same bytes and file name as GET /api/v1/jobs/{uuid}/errors.csv.
        ui.MapGet("/jobs/{uuid:guid}/errors.csv", JobEndpoints.ErrorsCsvAsync).WithName("UiJobErrorsCsv");
        return ui;
    }
}
