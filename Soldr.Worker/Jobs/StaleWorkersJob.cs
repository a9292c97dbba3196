using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

internal sealed class StaleWorkersJob(
    WorkerRegistryStore store,
    IOptionsMonitor<StaleWorkerOptions> options,
    NpgsqlDataSource dataSource,
    JobRunStore runs,
    TimeProvider timeProvider,
    ILogger<StaleWorkersJob> logger) : RecordedJob(dataSource, runs, timeProvider, logger)
{
    protected override async Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await store.RemoveStaleAsync(now, options.CurrentValue.StaleWorkerAfter, cancellationToken);
}
