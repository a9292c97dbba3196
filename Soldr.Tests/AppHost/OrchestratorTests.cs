using System.Collections.Concurrent;
using Soldr.AppHost.Hosting.Resources;
using Soldr.AppHost.Orchestration;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

public sealed class OrchestratorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestOutputWriter _output = new(null);
    private readonly ConcurrentQueue<string> _events = new();

    [Fact]
    public async Task EachResource_StartsAfterWhatItWaitsFor_AndStopsBeforeIt()
    {
        var database = new FakeResource("db", _events, startDelay: TimeSpan.FromMilliseconds(200));
        var cache = new FakeResource("cache", _events);
        var service = new FakeResource("service", _events);
        service.WaitsFor.Add(database);
        service.References.Add(cache);
        var orchestrator = new Orchestrator([service, database, cache], TestContexts.Create(_folder, _output));

        await orchestrator.PrepareAsync(CancellationToken.None);
        await orchestrator.StartAsync(CancellationToken.None);
        await orchestrator.StopAsync();

        var order = _events.ToList();
        Assert.True(order.IndexOf("start db") < order.IndexOf("start service"));
        Assert.True(order.IndexOf("stop service") < order.IndexOf("stop db"));
        Assert.True(order.IndexOf("stop service") < order.IndexOf("stop cache"));
        Assert.All([database, cache, service], r => Assert.Equal(ResourceState.Stopped, r.State));
    }

    [Fact]
    public async Task AFailedStart_IsReportedAndWhatDependsOnItNeverStarts()
    {
        var database = new FakeResource("db", _events, failWith: "db is broken");
        var service = new FakeResource("service", _events);
        service.WaitsFor.Add(database);
        var orchestrator = new Orchestrator([database, service], TestContexts.Create(_folder, _output));

        var error = await Assert.ThrowsAsync<OrchestrationException>(() => orchestrator.StartAsync(CancellationToken.None));

        Assert.Equal("db is broken", error.Message);
        Assert.Equal(ResourceState.Failed, database.State);
        Assert.DoesNotContain("start service", _events);
    }

    [Fact]
    public void TheStatusTable_ShowsEachResourceItsStateAndUrl()
    {
        var service = new FakeResource("ingest", _events) { NoteFactory = () => "webhooks here" };
        service.State = ResourceState.Healthy;

        var table = StatusTable.Render([service]);

        Assert.Contains("RESOURCE", table, StringComparison.Ordinal);
        Assert.Matches(@"ingest\s+Healthy\s+http://fake/ingest\s+webhooks here", table);
    }

    public void Dispose()
    {
        _output.Dispose();
        _folder.Dispose();
    }

    private sealed class FakeResource(string name, ConcurrentQueue<string> events, TimeSpan startDelay = default, string? failWith = null) : Resource(name)
    {
        public override string? DisplayUrl => $"http://fake/{Name}";

        internal override async Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(startDelay, cancellationToken);
            if (failWith is not null)
            {
                throw new OrchestrationException(failWith);
            }

            events.Enqueue($"start {Name}");
        }

        internal override Task StopAsync(OrchestrationContext context)
        {
            events.Enqueue($"stop {Name}");
            return Task.CompletedTask;
        }
    }
}
