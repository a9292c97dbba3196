using Microsoft.Extensions.Options;
using Quartz;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

[DisallowConcurrentExecution]
internal sealed class RollupJob(
    MetricsRollupStore store,
    IOptionsMonitor<RollupOptions> options,
    JobRunStore runs,
    TimeProvider timeProvider,
    ILogger<RollupJob> logger) : RecordedJob(runs, timeProvider, logger)
{
    protected override Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.RollUpAsync(now, options.CurrentValue.LookBack, cancellationToken);
}
