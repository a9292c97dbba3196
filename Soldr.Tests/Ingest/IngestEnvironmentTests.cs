using Soldr.AppHost.Hosting;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

public sealed class IngestEnvironmentTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestOutputWriter _output = new(null);

    [Fact]
    public void TheAppHostKeepsIngestsSpoolInsideItsDataFolder_UnlessTheOperatorChoseAnother()
    {
        var chosen = Path.Combine(_folder.Path, "elsewhere");

        var byDefault = Environment(new Dictionary<string, string?>());
        var configured = Environment(new Dictionary<string, string?> { ["Soldr:Ingest:SpoolPath"] = chosen });

        Assert.Equal(Path.Combine(_folder.Path, "spool", "ingest"), byDefault["Soldr__Ingest__SpoolPath"]);
        Assert.Equal(chosen, configured["Soldr__Ingest__SpoolPath"]);
    }

    private Dictionary<string, string> Environment(Dictionary<string, string?> configuration)
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var ingest = builder.AddProject<Projects.Soldr_Ingest>("ingest").WithDataPath("Soldr__Ingest__SpoolPath", Path.Combine("spool", "ingest"));
        return ingest.Resource.BuildEnvironment(TestContexts.Create(_folder, _output, configuration));
    }

    public void Dispose()
    {
        _output.Dispose();
        _folder.Dispose();
    }
}
