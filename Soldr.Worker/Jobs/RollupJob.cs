using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

internal sealed class RollupJob(
    MetricsRollupStore store,
    IOptionsMonitor<RollupOptions> options,
    NpgsqlDataSource dataSource,
    JobRunStore runs,
    TimeProvider timeProvider,
    ILogger<RollupJob> logger) : RecordedJob(dataSource, runs, timeProvider, logger)
{
    protected override Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.RollUpAsync(now, options.CurrentValue.LookBack, cancellationToken);
}
