using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

/// <summary>Runs the recurring job Hangfire names, resolved by its name among the registered jobs.</summary>
internal sealed class RecurringJobRunner(IServiceProvider services) : IRecurringJobRunner
{
    public Task<string> RunAsync(string job, CancellationToken cancellationToken)
    {
        var recorded = services.GetKeyedService<RecordedJob>(job)
            ?? throw new InvalidOperationException($"No recurring job is named '{job}'; the known ones are {string.Join(", ", RecurringJobNames.All)}.");
        return recorded.ExecuteAsync(job, cancellationToken);
    }
}
