using Soldr.ServiceDefaults;

namespace Soldr.Worker.Extensions;

/// <summary>
/// The worker's endpoints: only its health checks, as its work is done by hosted services. Program.cs and
/// the tests' host call this one method, so what the tests exercise is what runs.
/// </summary>
internal static class WorkerPipeline
{
    public static WebApplication UseWorkerPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapDefaultEndpoints();
        return app;
    }
}
