using Soldr.AppHost.Hosting;
using Soldr.AppHost.Hosting.Resources;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

public sealed class ProjectEnvironmentTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestOutputWriter _output = new(null);

    [Fact]
    public void AProject_GetsAspireConventionConfiguration_AndTheSoldrSection()
    {
        var builder = DistributedApplication.CreateBuilder(
        [
            "--Soldr:Webhooks:demo:Destinations:0:Url=http://localhost:9000/",
            "--OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317",
        ]);
        var redis = builder.AddRedis("redis");
        var project = builder.AddProject<Projects.Soldr_Admin>("admin")
            .WithHttpEndpoint(port: 8081)
            .WithHttpEndpoint("api", port: 8443, bindAddress: "127.0.0.1")
            .WithReference(redis);
        project.WithReference(project.GetEndpoint("api"), "admin-api");
        var context = TestContexts.Create(_folder, _output, new Dictionary<string, string?>
        {
            ["Soldr:Webhooks:demo:Destinations:0:Url"] = "http://localhost:9000/",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317",
        });

        var environment = project.Resource.BuildEnvironment(context);

        Assert.Equal("admin", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://collector:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http://localhost:8081", environment["Kestrel__Endpoints__http__Url"]);
        Assert.Equal("http://127.0.0.1:8443", environment["Kestrel__Endpoints__api__Url"]);
        Assert.Equal("http://127.0.0.1:8443", environment["services__admin-api__api__0"]);
        Assert.Equal("http://localhost:9000/", environment["Soldr__Webhooks__demo__Destinations__0__Url"]);
        Assert.True(environment.ContainsKey("ConnectionStrings__redis"));
        Assert.Equal("true", environment["Logging__Console__FormatterOptions__SingleLine"]);
    }

    [Fact]
    public async Task ABusyFixedPort_IsAnErrorNamingTheResourceAndThePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var builder = DistributedApplication.CreateBuilder([]);
        var project = builder.AddProject<Projects.Soldr_Ingest>("ingest").WithHttpEndpoint(port: port, bindAddress: "127.0.0.1", portOption: "--ingest-port");

        var error = await Assert.ThrowsAsync<Soldr.AppHost.Orchestration.OrchestrationException>(
            () => project.Resource.PrepareAsync(TestContexts.Create(_folder, _output), CancellationToken.None));

        Assert.Equal($"ingest cannot listen on port {port} (http): the port is already in use; choose another with --ingest-port <port>.", error.Message);
    }

    public void Dispose()
    {
        _output.Dispose();
        _folder.Dispose();
    }
}
