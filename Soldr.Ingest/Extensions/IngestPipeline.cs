using Soldr.Ingest.Ingestion;
using Soldr.ServiceDefaults;

namespace Soldr.Ingest.Extensions;

/// <summary>
/// The ingest service's middleware and endpoints, in order. Program.cs and the tests' host call this one
/// method, so what the tests exercise is what runs.
/// </summary>
internal static class IngestPipeline
{
    public static WebApplication UseIngestPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapDefaultEndpoints();
        app.MapIngestApi();
        return app;
    }
}
