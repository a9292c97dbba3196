using Microsoft.Extensions.Options;
using Quartz;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

[DisallowConcurrentExecution]
internal sealed class StaleWorkersJob(
    WorkerRegistryStore store,
    IOptionsMonitor<StaleWorkerOptions> options,
    JobRunStore runs,
    TimeProvider timeProvider,
    ILogger<StaleWorkersJob> logger) : RecordedJob(runs, timeProvider, logger)
{
    protected override async Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await store.RemoveStaleAsync(now, options.CurrentValue.StaleWorkerAfter, cancellationToken);
}
