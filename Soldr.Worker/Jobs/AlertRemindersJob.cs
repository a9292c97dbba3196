using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Alerts;
using Soldr.Core.Jobs;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Jobs;

/// <summary>
/// Marks every open alert last announced at least <see cref="AlertReminderOptions.Every"/> ago as due to be
/// announced again; the alert notifier sends it through the same channels, with the same retries.
/// </summary>
internal sealed class AlertRemindersJob(
    AlertStore alerts,
    WorkSignals signals,
    IOptionsMonitor<AlertReminderOptions> options,
    NpgsqlDataSource dataSource,
    JobRunStore runs,
    TimeProvider timeProvider,
    ILogger<AlertRemindersJob> logger) : RecordedJob(dataSource, runs, timeProvider, logger)
{
    protected override async Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await alerts.MarkRemindersDueAsync(now - options.CurrentValue.Every, cancellationToken);
        if (due > 0)
        {
            Log.RemindersDue(Logger, due);
            signals.AlertsPending.Set();
        }

        return due;
    }
}
